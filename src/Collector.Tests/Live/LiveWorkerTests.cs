using Collector.Tests.Live.Support;
using Collector.Tests.Support;

namespace Collector.Tests.Live;

/// <summary>The worker (<c>collector run</c>) schedules the live snapshot job for each enabled PBX and its points arrive.</summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed class LiveWorkerTests(InfluxFixture influx)
{
    const string ActiveCalls = "/xapi/v1/ActiveCalls";

    [Fact]
    public async Task TheRunningWorkerWritesLivePointsForEveryQueueAndAgentAndOneRunPointPerSnapshot()
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-23T10:00:00Z", "--seed", "11");
        using var directory = new TempDirectory("live-worker");
        const string Database = "live_worker";
        var run = new CliRun()
            .With("Pbxs:0:Name", "sim").With("Pbxs:0:BaseUrl", sim.BaseUrl.ToString())
            .With("Pbxs:0:ClientId", sim.ClientId).With("Pbxs:0:ClientSecret", sim.ClientSecret)
            .With("Influx:Url", influx.Server.Url.ToString()).With("Influx:Database", Database)
            .With("State:ConnectionString", $"Data Source={directory.File("state.db")}")
            .With("Schedules:LiveSnapshotInterval", "00:00:01")
            .With("Schedules:CallLogSyncInterval", "01:00:00");
        using var stop = new CancellationTokenSource();

        var running = run.InvokeAsync(stop.Token, "run");
        // The live job reads ActiveCalls once per run and its runs never overlap; the call-log sync at start reads it too
        // (at most twice): the fifth read means at least two live runs are done.
        await sim.WaitForRequestsAsync(ActiveCalls, 5, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var outcome = await running;   // the worker flushes its outbox before it exits

        Assert.Equal(0, outcome.ExitCode);
        var runPoints = await CountAsync(Database, "SELECT count(duration_ms) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        Assert.True(runPoints >= 2, $"{runPoints} run points of live snapshots");
        Assert.Equal(3, await CountSeriesAsync(Database, "queue_live", "queue"));
        Assert.Equal(12, await CountSeriesAsync(Database, "agent_live", "agent"));
        Assert.Equal(1, await CountSeriesAsync(Database, "pbx_live", "pbx"));
    }

    async Task<long> CountAsync(string database, string query)
    {
        var answer = await influx.Server.QueryAsync(database, query);
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }

    async Task<int> CountSeriesAsync(string database, string measurement, string tag)
    {
        var answer = await influx.Server.QueryAsync(database, $"SELECT last(*) FROM {measurement} GROUP BY {tag}");
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series.GetArrayLength() : 0;
    }
}
