using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The sync over a busy morning, run every few simulated minutes with calls in progress across runs (so every run
/// re-reads and rewrites calls already written), plus a backfill over part of the same time: every count equals the truth.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class SyncOverlapTests(InfluxFixture influx)
{
    [Fact]
    public async Task SyncRunsOverOverlappingWindowsAndABackfillOfTheSameHoursLeaveEveryCountEqualToTheTruth()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        var t0 = await sim.NowAsync();
        await using var kit = new PipelineKit(sim, influx.Server, $"sync_{Guid.NewGuid():N}", SyncRuns.Settings());

        var results = await SyncRuns.StepAsync(sim, kit, steps: 12, step: TimeSpan.FromMinutes(4));

        Assert.All(results, r => Assert.True(r.Ok, r.Error?.ToString()));
        Assert.Contains(results, r => r.Lag > TimeSpan.FromMinutes(1));   // a call in progress held the watermark back
        var now = await sim.NowAsync();
        var from = t0 - SyncRuns.Lookback;
        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        var expected = TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults));
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, kit.Database, from, now));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, kit.Database, from, now));

        // One collector point per run, flushed from the outbox.
        Assert.True((await kit.Flusher.FlushAsync(CancellationToken.None)).Drained);
        var runs = await influx.Server.QueryAsync(kit.Database, "SELECT count(rows) FROM collector WHERE job = 'calllog_sync' AND pbx = 'sim' AND result = 'ok'");
        Assert.Equal(results.Count, runs.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetInt32());

        // Rewritten calls overwrite themselves: the sync again and a backfill of the first hour add nothing.
        var rewritten = results.Sum(r => r.Calls) - truth.Count;
        Assert.True(rewritten > 0, "no run rewrote a call; the windows did not overlap");
        var points = await InfluxKpis.PointCountsAsync(influx.Server, kit.Database, from, now);
        Assert.True((await kit.SyncAsync(sim)).Ok);
        var backfill = await kit.BackfillAsync(from, from.AddHours(1));
        Assert.True(backfill.Calls > 0);
        Assert.Equal(points, await InfluxKpis.PointCountsAsync(influx.Server, kit.Database, from, now));
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, kit.Database, from, now));
    }
}
