using Collector.Live.Derivation;
using Collector.Influx.Writing;
using Collector.Live.Points;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// The wallboard's live tiles against snapshots written with the collector's point builders into a real influxd, at
/// stamps off Grafana's clock as a PBX clock would put them: each tile shows the newest snapshot stamped from 2 minutes
/// before to 1 minute after "now", and "–" (no data) outside that window.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class WallboardLiveTileTests(InfluxFixture influx)
{
    /// <summary>Grafana's now: mid-morning, so "today" (the dashboard's range) holds every stamp used here.</summary>
    static readonly DateTimeOffset Now = new(2026, 3, 10, 10, 0, 0, TimeSpan.Zero);

    static readonly string[] LiveTiles =
    [
        "pbx_calls_waiting", "pbx_longest_wait", "pbx_agents_available", "pbx_agents_on_call", "pbx_agents_away",
        "pbx_agents_logged_out", "queue_waiting", "queue_longest_wait", "queue_agents_available", "agent_status",
    ];

    readonly Dashboard _wallboard = GrafanaFiles.Dashboard("threecx-wallboard");

    public static TheoryData<int, bool> StampOffsets() => new()
    {
        { -150, false },   // 2.5 min old: the collector (or the PBX) has stopped; blank, not a stale number
        { -110, true },    // a PBX clock almost 2 minutes behind
        { -30, true },
        { 0, true },
        { 3, true },       // a PBX clock a few seconds ahead
        { 45, true },
        { 75, false },     // more than a minute ahead: out of the window
    };

    [Theory]
    [MemberData(nameof(StampOffsets))]
    public async Task EveryLiveTileShowsASnapshotStampedFromTwoMinutesBeforeToOneMinuteAfterNowAndNothingOutside(int offsetS, bool shown)
    {
        var runner = await RunnerWithAsync([(Now.AddSeconds(offsetS), Waiting: 3)]);

        foreach (var refId in LiveTiles)
        {
            var series = await TileAsync(runner, refId);
            if (shown) Assert.True(series.Count > 0 && series.All(s => s.LastNumber() is not null), $"{refId}: no value for a snapshot stamped {offsetS} s from now");
            else Assert.True(series.Count == 0, $"{refId}: shows a snapshot stamped {offsetS} s from now");
        }
    }

    [Fact]
    public async Task ALiveTileShowsTheNewestSnapshotEvenWhenThePbxClockStampedItSecondsAhead()
    {
        // Snapshots every 5 s from a PBX 4 s ahead: the newest, stamped after Grafana's now, says 6 callers wait.
        var stamps = Enumerable.Range(0, 12).Select(i => (Now.AddSeconds(4 - 5 * (11 - i)), Waiting: i == 11 ? 6 : 1)).ToArray();
        var runner = await RunnerWithAsync(stamps);

        Assert.Equal(6, Assert.Single(await TileAsync(runner, "pbx_calls_waiting")).LastNumber());
        Assert.Equal(6, Assert.Single(await TileAsync(runner, "queue_waiting")).LastNumber());
    }

    async Task<IReadOnlyList<InfluxSeries>> TileAsync(DashboardQueryRunner runner, string refId)
    {
        var options = new Dictionary<string, string[]> { ["pbx"] = ["hq"], ["queue"] = ["800"] };
        var planned = Assert.Single(runner.Plan(_wallboard, options, options), p => p.Target.RefId == refId);
        var result = await runner.RunAsync(planned.Expanded);
        Assert.True(result.Error is null, $"{planned}: {result.Error}");
        return result.Series;
    }

    /// <summary>A fresh database with one snapshot (queue 800, one agent, the PBX totals) at each stamp, and Grafana at <see cref="Now"/>.</summary>
    async Task<DashboardQueryRunner> RunnerWithAsync(IEnumerable<(DateTimeOffset At, int Waiting)> snapshots)
    {
        var database = $"wallboard_{Guid.NewGuid():N}";
        await influx.Server.QueryAsync(database, $"CREATE DATABASE \"{database}\"");
        var points = snapshots.SelectMany(s => LivePoints.From("hq", new LiveSnapshot(
            s.At,
            [new QueueLive("800", "Support", s.Waiting, 12, 3, 1, 1, 1)],
            [new AgentLive("101", "Ann", AgentState.Available, Registered: true, LoggedIn: true, OnCall: false, Profile: "Available")],
            new PbxLive(CallsActive: 4, CallsWaiting: s.Waiting, LongestWaitSeconds: 12, AgentsTotal: 4, AgentsLoggedIn: 3, AgentsAvailable: 1,
                AgentsOnCall: 1, AgentsRinging: 0, AgentsAway: 1, AgentsLoggedOut: 1, AgentsOffline: 0,
                ExtensionsRegistered: null, ExtensionsTotal: null, TrunksRegistered: null, TrunksTotal: null)))).ToList();
        var result = await Writer(Options(influx.Server.Url, o => o.Database = database)).WriteAsync(points, CancellationToken.None);
        Assert.Equal(points.Count, result.LinesWritten);
        return new DashboardQueryRunner(influx.Server.Http, database, Now);
    }
}
