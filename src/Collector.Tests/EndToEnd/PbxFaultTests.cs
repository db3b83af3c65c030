using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The sync against a PBX that answers 429 and 5xx to a share of its requests and whose tokens expire every simulated
/// minute (and are once revoked): runs retry, refresh tokens or fail and are made good by the next run; the counts
/// end equal to the truth.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class PbxFaultTests(InfluxFixture influx)
{
    [Fact]
    public async Task RateLimitsServerErrorsAndExpiredTokensDuringTheSyncAreRecoveredAndTheCountsAreRight()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        var t0 = await sim.NowAsync();
        await using var kit = new PipelineKit(sim, influx.Server, $"faults_{Guid.NewGuid():N}", SyncRuns.Settings());
        await sim.SetFaultsAsync(new
        {
            tokenLifetimeSeconds = 60,
            rules = new object[]
            {
                new { route = "calllog", status = 429, rate = 0.3 },
                new { route = "calllog", status = 503, emptyBody = true, rate = 0.2 },
                new { route = "activecalls", status = 500, rate = 0.3 },
            },
        });

        var results = await SyncRuns.StepAsync(sim, kit, steps: 12, step: TimeSpan.FromMinutes(4), beforeStep: async step =>
        {
            if (step == 6) await sim.SetFaultsAsync(new { revokeTokens = true });
        });
        await sim.ClearFaultsAsync();
        await sim.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var last = await kit.SyncAsync(sim);

        Assert.True(last.Ok, last.Error?.ToString());
        Assert.True(results.Count(r => r.Ok) >= results.Count / 2, kit.Log.Dump());
        Assert.Contains(kit.Log.GetSnapshot(), e => e.Text().Contains("429", StringComparison.Ordinal) && e.Text().Contains("Retry", StringComparison.Ordinal));
        Assert.Contains(kit.Log.GetSnapshot(), e => e.Text().Contains("answered 401", StringComparison.Ordinal));

        var now = await sim.NowAsync();
        var from = t0 - SyncRuns.Lookback;
        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        KpiAssert.Equal(TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults)), await InfluxKpis.QueryAsync(influx.Server, kit.Database, from, now));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, kit.Database, from, now));
    }
}
