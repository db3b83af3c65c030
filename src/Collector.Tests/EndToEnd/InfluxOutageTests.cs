using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>InfluxDB stopped for a while during the sync, then started again: everything arrives, nothing twice.</summary>
[Trait("Category", "Slow")]
public class InfluxOutageTests
{
    [Fact]
    public async Task InfluxdStoppedDuringTheSyncAndRestartedGetsEveryCallOnceAndEveryRunsCollectorPoint()
    {
        await using var influx = await InfluxServer.StartAsync();   // its own: this test stops it
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        var t0 = await sim.NowAsync();
        await using var kit = new PipelineKit(sim, influx, "outage", SyncRuns.Settings());

        var results = await SyncRuns.StepAsync(sim, kit, steps: 10, step: TimeSpan.FromMinutes(4), beforeStep: async step =>
        {
            if (step == 4) await influx.StopAsync();
            if (step == 7) await influx.StartAgainAsync();
        });

        var failed = results.Where(r => !r.Ok).ToList();
        Assert.Equal(3, failed.Count);   // runs 4, 5 and 6 found InfluxDB down
        Assert.All(failed, r => Assert.Equal(results[3].Watermark, r.Watermark));   // and kept the watermark
        Assert.All(results.Skip(7), r => Assert.True(r.Ok, r.Error?.Message));

        var now = await sim.NowAsync();
        var from = t0 - SyncRuns.Lookback;
        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        KpiAssert.Equal(TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults)), await InfluxKpis.QueryAsync(influx, kit.Database, from, now));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx, kit.Database, from, now));

        // The run points waited in the outbox through the outage; each arrives once.
        Assert.True((await kit.Flusher.FlushAsync(CancellationToken.None)).Drained);
        Assert.Equal(0, await kit.State.Outbox.CountAsync(CancellationToken.None));
        Assert.Equal(results.Count, await CollectorPointsAsync(influx, kit.Database, "true"));
        Assert.Equal(3, await CollectorPointsAsync(influx, kit.Database, "result = 'error'"));
    }

    static async Task<int> CollectorPointsAsync(InfluxServer influx, string database, string where)
    {
        var answer = await influx.QueryAsync(database, $"SELECT count(rows) FROM collector WHERE job = 'calllog_sync' AND {where.Replace("true", "pbx = 'sim'", StringComparison.Ordinal)}");
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt32() : 0;
    }
}
