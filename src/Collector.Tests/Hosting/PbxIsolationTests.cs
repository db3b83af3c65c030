using Collector.Tests.Support;

namespace Collector.Tests.Hosting;

/// <summary>One collector, many PBXs: PBXs that hang never hold back another PBX's live snapshots.</summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed class PbxIsolationTests(InfluxFixture influx)
{
    const string ActiveCalls = "/xapi/v1/ActiveCalls";
    const int Hanging = 7;

    [Fact]
    public async Task WhileSevenPbxsHangTheHealthyPbxsLiveSnapshotsKeepComingEverySecond()
    {
        // Real time (each snapshot has its own instant). Tenants 0-6 answer the token route but hold every XAPI request for 10 minutes; tenant 7 is healthy. Their
        // call-log syncs and live snapshots (14 jobs, each retrying for minutes) are more than Quartz's default 10 slots.
        var tenants = await SimulatorHost.StartTenantsAsync(Hanging + 1, "--history-days", "0.05");
        try
        {
            foreach (var hanging in tenants.Take(Hanging))
                await hanging.SetFaultsAsync(new { rules = new object[] { new { route = "*", delayMs = 600_000 } } });
            var healthy = tenants[Hanging];
            using var directory = new TempDirectory("pbx-isolation");
            const string Database = "pbx_isolation";
            var run = new CliRun()
                .With("Influx:Url", influx.Server.Url.ToString()).With("Influx:Database", Database)
                .With("State:ConnectionString", $"Data Source={directory.File("state.db")}")
                .With("Schedules:LiveSnapshotInterval", "00:00:01")
                .With("Schedules:CallLogSyncInterval", "01:00:00")
                .With("Xapi:RequestTimeout", "00:00:20");
            for (var i = 0; i < tenants.Count; i++)
                run.With($"Pbxs:{i}:Name", i < Hanging ? $"hanging{i}" : "healthy").With($"Pbxs:{i}:BaseUrl", tenants[i].BaseUrl.ToString())
                    .With($"Pbxs:{i}:ClientId", tenants[i].ClientId).With($"Pbxs:{i}:ClientSecret", tenants[i].ClientSecret);
            using var stop = new CancellationTokenSource();

            var running = run.InvokeAsync(stop.Token, "run");
            // The hanging PBXs' jobs have all started (each sent its first request) before the healthy one is counted.
            foreach (var hanging in tenants.Take(Hanging))
                await hanging.WaitForRequestsAsync(ActiveCalls, 1, TimeSpan.FromSeconds(60));
            var before = healthy.RequestsTo(ActiveCalls);
            // One snapshot a second: 10 more within 40 s, though every hanging PBX's jobs are still waiting for answers.
            await healthy.WaitForRequestsAsync(ActiveCalls, before + 10, TimeSpan.FromSeconds(40));
            // ... and written: a snapshot still reading when the worker stops is cancelled, so wait for the points, not the requests.
            await influx.Server.WaitForCountAsync(Database, "SELECT count(calls_active) FROM pbx_live WHERE pbx = 'healthy'", 10, TimeSpan.FromSeconds(40));
            await stop.CancelAsync();
            var outcome = await running;

            Assert.Equal(0, outcome.ExitCode);
            var livePoints = await influx.Server.ScalarAsync(Database, "SELECT count(calls_active) FROM pbx_live WHERE pbx = 'healthy'");
            Assert.True(livePoints?.GetInt64() >= 10, $"{livePoints} pbx_live points of the healthy PBX");
            Assert.Null(await influx.Server.ScalarAsync(Database, "SELECT count(calls_active) FROM pbx_live WHERE pbx =~ /^hanging/"));
            // Every series written carries the pbx tag.
            var series = (await influx.Server.QueryAsync(Database, "SHOW SERIES")).GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")
                .EnumerateArray().Select(v => v[0].GetString()!).ToList();
            Assert.NotEmpty(series);
            Assert.All(series, key => Assert.Contains(",pbx=", key, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var tenant in tenants) await tenant.DisposeAsync();
        }
    }
}
