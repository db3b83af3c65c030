namespace Simulator.Model;

/// <summary>An agent's state, as the truth names it; the first that applies wins (see <see cref="AgentStates.Of"/>).</summary>
public enum AgentState : byte { Offline, OnCall, Ringing, LoggedOut, Away, Available }

public static class AgentStates
{
    /// <summary>The truth's names of <see cref="AgentState"/>, in its order.</summary>
    public static readonly string[] Names = ["offline", "on_call", "ringing", "logged_out", "away", "available"];

    /// <summary>
    /// The state of an agent: offline (not registered), on_call (talking or dialling), ringing, logged_out (registered,
    /// not logged in to the queues), away (logged in, profile other than Available), available.
    /// </summary>
    public static AgentState Of(AgentRuntime a) =>
        !a.Registered ? AgentState.Offline
        : a.Activity is AgentActivity.Talking or AgentActivity.Dialing ? AgentState.OnCall
        : a.Activity == AgentActivity.Ringing ? AgentState.Ringing
        : !a.LoggedIn ? AgentState.LoggedOut
        : a.Profile != Profiles.Available ? AgentState.Away
        : AgentState.Available;

    /// <summary>Logged in: registered and logged in to the queues (3CX's QueueStatus LoggedIn).</summary>
    public static bool LoggedIn(AgentRuntime a) => a.Registered && a.LoggedIn;
}

/// <summary>
/// Every state change of one agent since the start of the history: when it changed, to which
/// <see cref="AgentState"/>, and whether the agent was logged in. Several changes at one instant keep the last.
/// </summary>
public sealed class AgentTimeline(long begin)
{
    readonly List<long> _at = [begin];
    readonly List<byte> _code = [Code(AgentState.Offline, false)];

    public void Note(long now, AgentState state, bool loggedIn)
    {
        var code = Code(state, loggedIn);
        if (_code[^1] == code) return;
        if (_at[^1] == now)
        {
            _code[^1] = code;
            // Back to what it was before this instant: the change did not last.
            if (_code.Count > 1 && _code[^2] == code) { _at.RemoveAt(_at.Count - 1); _code.RemoveAt(_code.Count - 1); }
            return;
        }
        _at.Add(now);
        _code.Add(code);
    }

    /// <summary>
    /// Ticks spent in [from, to) in each state (indexed by <see cref="AgentState"/>), split by logged in or not, and the
    /// number of changes (of state or of logged in) inside the window (after from, before to).
    /// </summary>
    public (long[] All, long[] LoggedIn, int Changes) Durations(long from, long to)
    {
        var all = new long[AgentStates.Names.Length];
        var loggedIn = new long[AgentStates.Names.Length];
        var changes = 0;
        if (to <= from) return (all, loggedIn, changes);
        var i = _at.BinarySearch(from);
        if (i < 0) i = Math.Max(0, ~i - 1);
        for (; i < _at.Count && _at[i] < to; i++)
        {
            if (_at[i] > from) changes++;
            var start = Math.Max(from, _at[i]);
            var end = i + 1 < _at.Count ? Math.Min(to, _at[i + 1]) : to;
            if (end <= start) continue;
            var state = _code[i] & 7;
            all[state] += end - start;
            if ((_code[i] & 8) != 0) loggedIn[state] += end - start;
        }
        return (all, loggedIn, changes);
    }

    static byte Code(AgentState state, bool loggedIn) => (byte)((byte)state | (loggedIn ? 8 : 0));
}
