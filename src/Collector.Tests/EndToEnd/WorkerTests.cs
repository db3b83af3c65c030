using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// <c>collector run</c>: the worker's Quartz job per PBX syncs the call log on schedule and the outbox flusher delivers
/// each run's <c>collector</c> point; a PBX that cannot be reached fails its own runs and nothing else.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class WorkerTests(InfluxFixture influx)
{
    [Fact]
    public async Task TheWorkerSyncsEachPbxOnScheduleAndAnUnreachablePbxDoesNotStopTheOther()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "4", "--speed", "1", "--history-days", "1", "--queues", "3", "--agents", "12");
        var database = $"worker_{Guid.NewGuid():N}";
        using var folder = new TempDirectory("worker");
        var cli = new CliRun()
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, database, $"Data Source={folder.File("state.db")}"))
            .With("Pbxs:1:Name", "gone")
            .With("Pbxs:1:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")
            .With("Pbxs:1:ClientId", "collector")
            .With("Pbxs:1:ClientSecret", "secret")
            .With("Schedules:CallLogSyncInterval", "00:00:01")
            .With("Xapi:MaxRetries", "0")
            .With("Xapi:ServerErrorRetries", "0");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var worker = cli.InvokeAsync(stop.Token, "run");
        var (ok, errors) = (0, 0);
        while (!stop.IsCancellationRequested && (ok < 2 || errors < 2))
        {
            await Task.Delay(250, CancellationToken.None);
            ok = await CountAsync(database, "SELECT count(rows) FROM collector WHERE job = 'calllog_sync' AND pbx = 'sim' AND result = 'ok'");
            errors = await CountAsync(database, "SELECT count(rows) FROM collector WHERE job = 'calllog_sync' AND pbx = 'gone' AND result = 'error'");
        }
        await stop.CancelAsync();
        var outcome = await worker;

        Assert.True(ok >= 2 && errors >= 2, $"ok runs {ok}, failed runs {errors}\n{outcome.Out}\n{outcome.Error}");
        Assert.True(await CountAsync(database, "SELECT count(call_id) FROM call WHERE pbx = 'sim'") > 0);
        Assert.Equal(0, await CountAsync(database, "SELECT count(call_id) FROM call WHERE pbx = 'gone'"));
    }

    [Fact]
    public async Task StoppingTheWorkerCancelsASyncRunThatIsWaitingOnThePbx()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "4", "--speed", "1", "--history-days", "1");
        // Every call-log read hangs for ten minutes (the request timeout is longer), as a PBX that stopped answering.
        await sim.SetFaultsAsync(new { rules = new object[] { new { route = "calllog", delayMs = 600_000 } } });
        using var folder = new TempDirectory("worker-stop");
        var cli = new CliRun()
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, $"stop_{Guid.NewGuid():N}", $"Data Source={folder.File("state.db")}"))
            .With("Xapi:RequestTimeout", "00:30:00")
            .With("Xapi:MaxRetries", "0")
            .With("Xapi:ServerErrorRetries", "0");

        using var stop = new CancellationTokenSource();
        var worker = cli.InvokeAsync(stop.Token, "run");
        var reading = sim.WaitForRequestsAsync("/xapi/v1/ReportCallLogData", 1, TimeSpan.FromMinutes(1));
        if (await Task.WhenAny(reading, worker) == worker)
            Assert.Fail($"The worker ended early: {(await worker).Error}\n{cli.Logs.Dump()}");
        await reading;
        await stop.CancelAsync();
        var outcome = await worker.WaitAsync(TimeSpan.FromMinutes(5));

        // The run was cancelled by the stop and unwound before the worker ended, rather than cut off by the host's timeout.
        Assert.True(cli.Logs.GetSnapshot().Any(e => e.Message.Contains("call-log sync stopped by the shutdown", StringComparison.Ordinal)),
            $"{cli.Logs.Dump()}\n{outcome.Error}");
    }

    async Task<int> CountAsync(string database, string query)
    {
        JsonElement answer;
        try
        {
            answer = await influx.Server.QueryAsync(database, query);
        }
        catch (InvalidOperationException)
        {
            return 0;   // the database does not exist yet
        }
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt32() : 0;
    }
}
