using Collector.Live.Collection;
using Collector.Tests.Live.Support;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Live;

/// <summary>The PBX failing for a while: error run points, one clear log line, and recovery without help.</summary>
[Collection(InfluxCollection.Name)]
public sealed class LivePbxFaultTests(InfluxFixture influx)
{
    static readonly string[] World = ["--speed", "0", "--start", "2026-11-23T10:00:00Z", "--seed", "11", "--calls-per-hour", "300"];
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task FiveHundredsFromThePbxBecomeErrorRunPointsWithOneWarningAndTheJobRecoversByItself()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, influx.Server, "live_faults_5xx");
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "activecalls", status = 503, emptyBody = true, times = 3 } } });

        var runs = await RunAsync(sim, rig, 5);

        Assert.Equal([false, false, false, true, true], runs.Select(r => r.Succeeded));
        Assert.All(runs.Take(3), r => Assert.Equal(("ServerError", (int?)503, 0), (r.Report.Error, r.Report.Status, r.Report.Points)));
        var errors = await rig.RowsAsync("SELECT error, status, points FROM collector WHERE job = 'live_snapshot' AND result = 'error'");
        Assert.Equal(3, errors.Count);
        Assert.All(errors, e => Assert.Equal(("ServerError", 503L), (e["error"].GetString(), e["status"].GetInt64())));
        Assert.Equal(2, (await rig.RowsAsync("SELECT points FROM collector WHERE job = 'live_snapshot' AND result = 'ok'")).Count);
        Assert.Equal(2, (await rig.RowsAsync("SELECT waiting FROM queue_live WHERE queue = '800'")).Count);

        var warning = Assert.Single(rig.Logs.Messages(LogLevel.Warning, nameof(LiveSnapshotCollector)));
        Assert.Contains("Live snapshot of PBX sim failed", warning, StringComparison.Ordinal);
        Assert.Contains("ServerError on /xapi/v1/ActiveCalls, HTTP 503", warning, StringComparison.Ordinal);
        Assert.Contains(rig.Logs.Messages(LogLevel.Information, nameof(LiveSnapshotCollector)), m => m.Contains("works again after 3 failed runs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APbxThatDoesNotAnswerInTimeGivesTimeoutRunPointsAndTheJobRecoversByItself()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, influx.Server, "live_faults_timeout", xapi: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        await sim.SetFaultsAsync(new { rules = new[] { new { route = "users", delayMs = 2000, times = 2 } } });

        var runs = await RunAsync(sim, rig, 3);

        Assert.Equal([false, false, true], runs.Select(r => r.Succeeded));
        Assert.All(runs.Take(2), r => Assert.Equal(("Timeout", (int?)null), (r.Report.Error, r.Report.Status)));
        var errors = await rig.RowsAsync("SELECT error FROM collector WHERE job = 'live_snapshot' AND result = 'error'");
        Assert.Equal(["Timeout", "Timeout"], errors.Select(e => e["error"].GetString()));
        Assert.Single(rig.Logs.Messages(LogLevel.Warning, nameof(LiveSnapshotCollector)));
        Assert.Contains(rig.Logs.Messages(LogLevel.Information, nameof(LiveSnapshotCollector)), m => m.Contains("works again after 2 failed runs", StringComparison.Ordinal));
    }

    static async Task<List<LiveRunResult>> RunAsync(SimulatorHost sim, LiveRig rig, int count)
    {
        var runs = new List<LiveRunResult>();
        for (var i = 0; i < count; i++)
        {
            runs.Add(await rig.Collector.RunAsync(None));
            await sim.AdvanceClockAsync(TimeSpan.FromSeconds(5));
        }
        return runs;
    }
}
