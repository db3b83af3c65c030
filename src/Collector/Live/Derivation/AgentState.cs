namespace Collector.Live.Derivation;

/// <summary>
/// An agent's live state. The numbers are the <c>state_code</c> field of <c>agent_live</c> and are stable: Grafana's
/// state timeline and the alert rules map them to colours and texts, so never renumber them. A higher code means
/// "more engaged" (offline 0 … on a call 5).
/// </summary>
public enum AgentState
{
    /// <summary><c>offline</c>: the phone is not registered (or the PBX knows no such user).</summary>
    Offline = 0,

    /// <summary><c>logged_out</c>: registered but logged out of the queues (<c>QueueStatus</c> LoggedOut).</summary>
    LoggedOut = 1,

    /// <summary><c>away</c>: logged in, but the status profile is not <c>Available</c> (Away, Lunch, Out of office…).</summary>
    Away = 2,

    /// <summary><c>available</c>: logged in, <c>Available</c> and not on a call.</summary>
    Available = 3,

    /// <summary><c>ringing</c>: a call is ringing at the agent's phone.</summary>
    Ringing = 4,

    /// <summary><c>on_call</c>: talking, holding, or dialling out.</summary>
    OnCall = 5,
}

internal static class AgentStateNames
{
    /// <summary>The <c>state</c> field of <c>agent_live</c>: <c>offline</c>, <c>logged_out</c>, <c>away</c>, <c>available</c>, <c>ringing</c>, <c>on_call</c>.</summary>
    public static string Name(this AgentState state) => state switch
    {
        AgentState.Offline => "offline",
        AgentState.LoggedOut => "logged_out",
        AgentState.Away => "away",
        AgentState.Available => "available",
        AgentState.Ringing => "ringing",
        AgentState.OnCall => "on_call",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>The <c>state_code</c> field of <c>agent_live</c>.</summary>
    public static int Code(this AgentState state) => (int)state;
}
