namespace Simulator.Model;

/// <summary>
/// The deterministic discrete-event simulation of the PBX: callers, queues and agents. Time only moves
/// forward, through <see cref="AdvanceTo"/>; every random draw happens in event order, so the world at an
/// instant is the same whichever requests led there. Not thread-safe: <see cref="SimulationHost"/> serialises access.
/// </summary>
public sealed partial class World
{
    const double OutboundShare = 0.2;
    const double InternalShare = 0.08;

    readonly PbxDirectory _dir;
    readonly Distributions _rand;
    readonly PriorityQueue<SimEvent, (long Time, long Seq)> _events = new();
    readonly AgentRuntime[] _agents;
    readonly List<Call>[] _waiting;
    readonly List<Call> _live = [];
    readonly double _callsPerHour;
    readonly Dictionary<EventKind, long> _arrivalBase = [];
    long _eventSeq;
    int _callSeq;
    int _recordingSeq = 630000;

    readonly CallCentreZone _zone;

    readonly AgentTimeline[] _timelines;
    readonly double _callbackShare;
    readonly Distributions _callbackRand;

    /// <param name="callbackShare">Share (0–1) of abandoned callers tried again (see <see cref="ScheduleCallback"/>); 0 draws nothing extra.</param>
    public World(PbxDirectory directory, int seed, double callsPerHour, long beginTicks, CallCentreZone? zone = null, double callbackShare = 0)
    {
        _dir = directory;
        _zone = zone ?? CallCentreZone.Utc;
        _rand = new Distributions(seed);
        // Callback choices have their own stream, so a share never shifts the draws of the rest of the world.
        _callbackRand = new Distributions(unchecked(seed * 7907 + 11));
        _callbackShare = callbackShare;
        _callsPerHour = callsPerHour;
        _timelines = directory.Agents.Select(_ => new AgentTimeline(beginTicks)).ToArray();
        _agents = directory.Agents.Select(a => new AgentRuntime
        {
            IdleSince = beginTicks,
            Changed = runtime => _timelines[a.Index].Note(Now, AgentStates.Of(runtime), AgentStates.LoggedIn(runtime)),
        }).ToArray();
        _waiting = directory.Queues.Select(_ => new List<Call>()).ToArray();
        Begin = beginTicks;
        Now = beginTicks;
        Schedule(beginTicks, new SimEvent(EventKind.DayPlan));
        ScheduleNextArrival(EventKind.InboundArrival, 1.0);
        ScheduleNextArrival(EventKind.OutboundAttempt, OutboundShare);
        ScheduleNextArrival(EventKind.InternalAttempt, InternalShare);
    }

    public PbxDirectory Directory => _dir;

    /// <summary>Where the simulation started (the start of the history).</summary>
    public long Begin { get; }

    /// <summary>How far the simulation has run (ticks, UTC).</summary>
    public long Now { get; private set; }

    public CallStore Store { get; } = new();

    /// <summary>Calls in progress now, oldest first.</summary>
    public IReadOnlyList<Call> LiveCalls => _live;

    public IReadOnlyList<AgentRuntime> Agents => _agents;

    /// <summary>Each agent's states since <see cref="Begin"/>, indexed like <see cref="Agents"/>.</summary>
    public IReadOnlyList<AgentTimeline> Timelines => _timelines;

    /// <summary>The call centre's time zone (its day shape).</summary>
    public CallCentreZone Zone => _zone;

    /// <summary>Calls waiting in each queue now (queued or being offered to an agent), in arrival order.</summary>
    public IReadOnlyList<Call> WaitingIn(int queue) => _waiting[queue];

    /// <summary>Runs every event up to and including <paramref name="ticks"/>.</summary>
    public void AdvanceTo(long ticks)
    {
        while (_events.TryPeek(out var next, out var at) && at.Time <= ticks)
        {
            _events.Dequeue();
            Now = at.Time;
            Handle(next);
        }
        if (ticks > Now) Now = ticks;
    }

    void Schedule(long at, SimEvent e) => _events.Enqueue(e, (Math.Max(at, Now), _eventSeq++));

    void Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.DayPlan: PlanDay(); break;
            case EventKind.InboundArrival: OnInboundArrival(); break;
            case EventKind.OutboundAttempt: OnOutboundAttempt(); break;
            case EventKind.InternalAttempt: OnInternalAttempt(); break;
            case EventKind.AgentChange: OnAgentChange(e.Agent, e.Change!); break;
            case EventKind.IvrDone: OnIvrDone(e.Call!, e.Token); break;
            case EventKind.Abandon: OnAbandon(e.Call!); break;
            case EventKind.Overflow: OnOverflow(e.Call!, e.Token); break;
            case EventKind.RingEnd: OnRingEnd(e.Call!, e.Token); break;
            case EventKind.TalkEnd: OnTalkEnd(e.Call!, e.Token); break;
            case EventKind.Callback: OnCallback(e.Call!, e.Token); break;
        }
    }

    /// <summary>
    /// Thinning of a Poisson process whose rate follows <see cref="TrafficProfile"/>. Arrivals fall on whole
    /// microseconds, except a third that get a sub-microsecond offset, so StartTimes show 5 to 7 digits.
    /// </summary>
    void ScheduleNextArrival(EventKind kind, double share)
    {
        var peakPerHour = _callsPerHour * share;
        if (peakPerHour <= 0) return;
        var t = _arrivalBase.GetValueOrDefault(kind, Begin);
        while (true)
        {
            t += Math.Max(10, _rand.Exponential(3600.0 / peakPerHour));
            if (_rand.Uniform() < TrafficProfile.Factor(t, _zone)) break;
        }
        _arrivalBase[kind] = t;
        var jitter = _rand.Pick(3) == 0 ? 1 + _rand.Pick(9) : 0;
        Schedule(t + jitter, new SimEvent(kind));
    }

    Call NewCall(CallDirection direction, string callerNumber, string callerName, string callee, int? origin = null)
    {
        var call = new Call
        {
            Seq = ++_callSeq, Direction = direction, Start = Now, CallerNumber = callerNumber, CallerName = callerName,
            CalleeNumber = callee, OriginAgent = origin, LastChange = Now,
        };
        _live.Add(call);
        return call;
    }

    void Finish(Call call)
    {
        call.End = Now;
        call.Phase = CallPhase.Ended;
        if (call.Legs.Any(l => l.Answered)) call.Outcome = CallOutcome.Answered;
        else if (call.Passages.Count > 0 && call.Passages[^1].Outcome == PassageOutcome.Abandoned) call.Outcome = CallOutcome.Abandoned;
        else call.Outcome = CallOutcome.Unanswered;
        _live.Remove(call);
        Store.Add(call);
    }
}
