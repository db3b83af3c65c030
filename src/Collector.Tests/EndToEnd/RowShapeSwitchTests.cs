using Collector.CallLog.Backfill;
using Collector.Configuration;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A PBX that sends rows without <c>MainCallHistoryId</c> (builds before 20.0.6, the simulator's <c>legacyFields</c>
/// fault) makes the collector group calls otherwise (one call per leg); when the same history is read again in the
/// current shape, what InfluxDB holds must be the truth exactly, not the union of both readings.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class RowShapeSwitchTests(InfluxFixture influx)
{
    [Fact]
    public async Task HistoryReadInTheLegacyShapeThenInTheCurrentOneIsStoredExactlyAsTheTruth()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "7", "--speed", "0", "--start", "2026-11-19T12:00:00Z", "--history-days", "1");
        var to = await sim.NowAsync();
        var from = to.AddDays(-1); // the whole history: no call began before it, so its points are all the truth's
        var truth = (await SimulatorTruth.FinishedCallsAsync(sim, from, to)).ToList();
        Assert.True(truth.Count > 50, $"only {truth.Count} calls");
        var database = $"shape_{Guid.NewGuid():N}";
        await using var kit = new PipelineKit(sim, influx.Server, database);
        var range = new BackfillRange(from, to, "shape switch");

        await sim.SetFaultsAsync(new { legacyFields = true });
        Assert.True((await kit.Backfill.RunAsync(kit.Pbx, range, CallLogBackfill.DefaultWindow, false, null, CancellationToken.None)).Completed);
        var legacy = await InfluxKpis.PointCountsAsync(influx.Server, database, from, to);
        Assert.True(legacy["call"] > truth.Count, $"the legacy shape gave {legacy["call"]} calls for {truth.Count}: no debris to heal");

        await sim.ClearFaultsAsync();
        Assert.True((await kit.Backfill.RunAsync(kit.Pbx, range, CallLogBackfill.DefaultWindow, true, null, CancellationToken.None)).Completed);

        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, database, from, to));
        var rules = await SimulatorTruth.KpiRulesAsync(sim, new KpiRules(20, 5, SlaFormula.AbandonsNegative));
        KpiAssert.Equal(TruthKpis.PerQueueDay(truth, rules), await InfluxKpis.QueryAsync(influx.Server, database, from, to));
        var points = await InfluxKpis.PointCountsAsync(influx.Server, database, from, to);
        Assert.Equal(truth.Count, points["call"]);
        Assert.Equal(truth.Sum(c => c.Passages.Count), points["queue_call"]);
    }
}
