namespace Simulator.Model;

public enum EventKind
{
    DayPlan, InboundArrival, OutboundAttempt, InternalAttempt, AgentChange,
    IvrDone, Abandon, Overflow, RingEnd, TalkEnd, Callback,
}

/// <summary>Something that happens at an instant. Stale timers carry a token that no longer matches and are ignored.</summary>
public sealed record SimEvent(EventKind Kind, Call? Call = null, int Agent = -1, int Token = 0, AgentChange? Change = null);
