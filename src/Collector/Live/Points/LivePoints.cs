using Collector.Influx.LineProtocol;
using Collector.Live.Derivation;

namespace Collector.Live.Points;

/// <summary>
/// A snapshot as InfluxDB points (schema in docs/live-state.md), all stamped with the snapshot's instant (the PBX's
/// <c>ServerNow</c>): <c>queue_live</c> per queue, <c>agent_live</c> per agent, one <c>pbx_live</c>. Counts and 0/1
/// flags are integers, times are float seconds, so every field keeps one type forever. Each agent point also carries the
/// time it vouches for (<c>interval_s</c>, see <see cref="ObservedTime"/>) and that time again in the agent's logged-in
/// state (<c>logged_in_s</c>, split into <c>available_s</c>, <c>away_s</c>, <c>on_call_s</c>, <c>ringing_s</c>; 0 when not
/// in it), so a dashboard sums seconds per state per day without conditions.
/// </summary>
internal static class LivePoints
{
    public const string QueueMeasurement = "queue_live";
    public const string AgentMeasurement = "agent_live";
    public const string PbxMeasurement = "pbx_live";

    // The most fields an agent_live or pbx_live point has: their lists are made that size once instead of grown.
    const int AgentFields = 15;
    const int PbxFields = 15;

    /// <param name="observed">The time since the previous snapshot this snapshot vouches for (<see cref="ObservedTime"/>).</param>
    public static List<PointData> From(string pbx, LiveSnapshot snapshot, TimeSpan observed = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentNullException.ThrowIfNull(snapshot);
        var timestamp = UnixTime.Nanoseconds(snapshot.At);
        var points = new List<PointData>(snapshot.Queues.Count + snapshot.Agents.Count + 1);
        foreach (var queue in snapshot.Queues)
            points.Add(Queue(pbx, queue).Timestamp(timestamp));
        foreach (var agent in snapshot.Agents)
            points.Add(Agent(pbx, agent, Seconds(observed.TotalSeconds)).Timestamp(timestamp));
        points.Add(Pbx(pbx, snapshot.Pbx).Timestamp(timestamp));
        return points;
    }

    static PointData Queue(string pbx, QueueLive queue) => new PointData(QueueMeasurement)
        .Tag("pbx", pbx)
        .Tag("queue", queue.Number)
        .Tag("queue_name", queue.Name)
        .Field("waiting", queue.Waiting)
        .Field("longest_wait_s", Seconds(queue.LongestWaitSeconds))
        .Field("agents_logged_in", queue.AgentsLoggedIn)
        .Field("agents_available", queue.AgentsAvailable)
        .Field("agents_on_call", queue.AgentsOnCall)
        .Field("agents_away", queue.AgentsAway);

    static PointData Agent(string pbx, AgentLive agent, double observedSeconds)
    {
        var point = new PointData(AgentMeasurement, AgentFields)
            .Tag("pbx", pbx)
            .Tag("agent", agent.Number)
            .Tag("agent_name", agent.Name)
            .Field("state", agent.State.Name())
            .Field("state_code", agent.State.Code())
            .Field("logged_in", Flag(agent.LoggedIn))
            .Field("registered", Flag(agent.Registered))
            .Field("on_call", Flag(agent.OnCall));
        if (!string.IsNullOrEmpty(agent.Profile))
            point.Field("profile", agent.Profile);
        var loggedIn = agent.Registered && agent.LoggedIn ? observedSeconds : 0;
        return point
            .Field("interval_s", observedSeconds)
            .Field("logged_in_s", loggedIn)
            .Field("available_s", agent.State == AgentState.Available ? loggedIn : 0)
            .Field("away_s", agent.State == AgentState.Away ? loggedIn : 0)
            .Field("on_call_s", agent.State == AgentState.OnCall ? loggedIn : 0)
            .Field("ringing_s", agent.State == AgentState.Ringing ? loggedIn : 0);
    }

    static PointData Pbx(string pbx, PbxLive totals)
    {
        var point = new PointData(PbxMeasurement, PbxFields)
            .Tag("pbx", pbx)
            .Field("calls_active", totals.CallsActive)
            .Field("calls_waiting", totals.CallsWaiting)
            .Field("longest_wait_s", Seconds(totals.LongestWaitSeconds))
            .Field("agents_total", totals.AgentsTotal)
            .Field("agents_logged_in", totals.AgentsLoggedIn)
            .Field("agents_available", totals.AgentsAvailable)
            .Field("agents_on_call", totals.AgentsOnCall)
            .Field("agents_ringing", totals.AgentsRinging)
            .Field("agents_away", totals.AgentsAway)
            .Field("agents_logged_out", totals.AgentsLoggedOut)
            .Field("agents_offline", totals.AgentsOffline);
        Optional(point, "extensions_registered", totals.ExtensionsRegistered);
        Optional(point, "extensions_total", totals.ExtensionsTotal);
        Optional(point, "trunks_registered", totals.TrunksRegistered);
        Optional(point, "trunks_total", totals.TrunksTotal);
        return point;
    }

    static void Optional(PointData point, string key, int? value)
    {
        if (value is { } v) point.Field(key, v);
    }

    static int Flag(bool value) => value ? 1 : 0;

    /// <summary>Microsecond precision, as the PBX's timestamps have at most 7 digits.</summary>
    static double Seconds(double value) => Math.Round(value, 6);
}
