using Collector.Influx.LineProtocol;
using Collector.Live.Collection;
using Collector.Live.Points;
using Collector.State;
using Collector.Tests.Live.Support;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Live;

/// <summary>Live snapshots keep being taken while a real influxd of its own is stopped; what arrives once it is back.</summary>
[Trait("Category", "Slow")]
public sealed class LiveOutageTests : IAsyncLifetime
{
    static readonly string[] World = ["--speed", "0", "--start", "2026-11-23T10:00:00Z", "--seed", "11", "--calls-per-hour", "300"];
    static readonly CancellationToken None = CancellationToken.None;
    const string ActiveCalls = "/xapi/v1/ActiveCalls";
    const string Database = "live_worker_outage";
    InfluxServer _server = null!;

    public async Task InitializeAsync() => _server = await InfluxServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task TheLivePointsOfAMinuteWithoutInfluxArriveAfterItsRestartWithTheirOriginalTimestamps()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, _server, "live_outage");
        var runs = new List<LiveRunResult> { await rig.Collector.RunAsync(None) };

        await _server.StopAsync();
        for (var i = 0; i < 12; i++)
        {
            await sim.AdvanceClockAsync(TimeSpan.FromSeconds(5));
            runs.Add(await rig.Collector.RunAsync(None));
        }
        var rowsWhileDown = await rig.Outbox.CountAsync(None);
        await _server.StartAgainAsync();
        var flush = await rig.Flusher.FlushAsync(None);
        await sim.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        runs.Add(await rig.Collector.RunAsync(None));

        Assert.All(runs, r => Assert.True(r.Succeeded));
        Assert.Equal([true, .. Enumerable.Repeat(false, 12), true], runs.Select(r => r.Delivery!.Direct));
        Assert.Equal(24, rowsWhileDown);
        Assert.True(flush.Drained);
        Assert.Equal(0, await rig.Outbox.CountAsync(None));

        var expectedTimes = runs.Select(r => UnixTime.Nanoseconds(r.Snapshot!.At)).ToList();
        Assert.Equal(60, (runs[^2].Snapshot!.At - runs[0].Snapshot!.At).TotalSeconds);
        foreach (var queue in runs[0].Snapshot!.Queues)
        {
            var rows = await rig.RowsAsync($"SELECT waiting, longest_wait_s FROM queue_live WHERE queue = '{queue.Number}' ORDER BY time");
            Assert.Equal(expectedTimes, rows.Select(r => r["time"].GetInt64()));
            Assert.Equal(runs.Select(r => r.Snapshot!.Queues.Single(q => q.Number == queue.Number).Waiting), rows.Select(r => (int)r["waiting"].GetInt64()));
        }
        var agentRows = await rig.RowsAsync("SELECT count(state_code) FROM agent_live GROUP BY agent");
        Assert.All(agentRows, r => Assert.Equal(14, r["count"].GetInt64()));
        var runRows = await rig.RowsAsync("SELECT buffered, points FROM collector WHERE job = 'live_snapshot' AND result = 'ok' ORDER BY time");
        Assert.Equal(runs.Select(r => r.Delivery!.Buffered), runRows.Select(r => (int)r["buffered"].GetInt64()));
        Assert.Single(rig.Logs.Messages(LogLevel.Warning, nameof(LivePointSink)));
        Assert.Contains(rig.Logs.Messages(LogLevel.Information, nameof(LivePointSink)), m => m.Contains("straight to InfluxDB again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRunningWorkerSendsTheSnapshotsItBufferedDuringAnOutageOnceInfluxIsBack()
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "1", "--start", "2026-11-23T10:00:00Z", "--seed", "11", "--calls-per-hour", "300");
        using var directory = new TempDirectory("live-worker-outage");
        var run = new CliRun()
            .With("Pbxs:0:Name", "sim").With("Pbxs:0:BaseUrl", sim.BaseUrl.ToString())
            .With("Pbxs:0:ClientId", sim.ClientId).With("Pbxs:0:ClientSecret", sim.ClientSecret)
            .With("Influx:Url", _server.Url.ToString()).With("Influx:Database", Database)
            .With("Influx:MaxRetries", "0")
            .With("State:ConnectionString", $"Data Source={directory.File("state.db")}")
            .With("Schedules:LiveSnapshotInterval", "00:00:01")
            .With("Schedules:CallLogSyncInterval", "01:00:00");
        using var stop = new CancellationTokenSource();

        var running = run.InvokeAsync(stop.Token, "run");
        // influxd tells no one when a point is queryable, so the waits on it are bounded polls; the runs during the
        // outage are counted by a signal instead of a sleep: the job reads ActiveCalls once per run, and its runs never
        // overlap.
        await _server.WaitForCountAsync(Database, "SELECT count(duration_ms) FROM collector WHERE job = 'live_snapshot'", 1, TimeSpan.FromSeconds(30));
        await _server.StopAsync();
        // Reads n + 1 and n + 2 began after the stop; read n + 3 means the run of read n + 2 is done too: at least two
        // whole snapshots were taken while InfluxDB was down, and had to be buffered.
        await sim.WaitForRequestsAsync(ActiveCalls, sim.RequestsTo(ActiveCalls) + 3, TimeSpan.FromSeconds(30));
        await _server.StartAgainAsync();
        var buffered = await _server.WaitForCountAsync(Database, "SELECT count(duration_ms) FROM collector WHERE job = 'live_snapshot' AND buffered > 0", 2, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var outcome = await running;

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(buffered >= 2, $"{buffered} buffered snapshots arrived");
    }

    [Fact]
    public async Task PastTheOutboxCapTheOldestLivePointsAreDroppedAndCountedAndCallLogPointsNever()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, _server, "live_cap", outboxMaxRows: 10);
        await _server.StopAsync();
        const string CallLogLine = "queue_call,pbx=sim,queue=800 call_id=\"c1\",wait_s=12.5 1795428000000000000";
        await rig.Outbox.EnqueueAsync(LiveRig.Pbx, OutboxKind.CallLog, CallLogLine, None);

        var runs = new List<LiveRunResult>();
        for (var i = 0; i < 10; i++)
        {
            runs.Add(await rig.Collector.RunAsync(None));
            await sim.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        }
        var kept = await rig.Outbox.PeekAsync(100, long.MaxValue, None);
        await _server.StartAgainAsync();
        await rig.Flusher.FlushAsync(None);

        // 1 call-log row + 10 runs × (1 live + 1 collector row) against a cap of 10: the 11 oldest live/collector rows
        // went, the newest stayed (the last 4 snapshots and the last 5 run points).
        Assert.Equal(10, kept.Count);
        Assert.Equal(OutboxKind.CallLog, kept[0].Kind);
        Assert.Equal(11, rig.Outbox.DroppedRows);
        Assert.Equal((1, 10L), (runs[^1].Report.Dropped, runs[^1].Report.DroppedTotal));
        Assert.Equal(10, runs[^1].Report.OutboxDepth);   // the buffer is full: at its cap
        Assert.Single(await rig.RowsAsync("SELECT wait_s FROM queue_call"));
        var times = (await rig.RowsAsync("SELECT waiting FROM queue_live WHERE queue = '800' ORDER BY time")).Select(r => r["time"].GetInt64());
        Assert.Equal(runs.Skip(6).Select(r => UnixTime.Nanoseconds(r.Snapshot!.At)), times);
        var runPoints = await rig.RowsAsync("SELECT dropped, dropped_total FROM collector WHERE job = 'live_snapshot' ORDER BY time");
        Assert.Equal(5, runPoints.Count);
        Assert.Equal(10, runPoints[^1]["dropped_total"].GetInt64());
    }
}
