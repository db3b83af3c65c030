using System.Globalization;
using System.Text.RegularExpressions;
using Collector.Configuration;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// An hour of a busy call centre synced every simulated minute with incremental runs (docs/call-log-sync.md,
/// "Incremental runs"): every count equals the truth, nothing is doubled, and each incremental run asked the PBX only
/// for the rows from where new ones could be (the stretch since the run before last and the calls that ended since,
/// less the overlap), as the simulator's own request log shows.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public partial class IncrementalSyncTruthTests(InfluxFixture influx)
{
    const string CallLogPath = "/xapi/v1/ReportCallLogData/";

    [Fact]
    public async Task AnHourOfIncrementalRunsEveryMinuteLeavesEveryCountEqualToTheTruthAndReadsOnlyWhereNewRowsCanBe()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        var t0 = await sim.NowAsync();
        await using var kit = new PipelineKit(sim, influx.Server, $"incr_{Guid.NewGuid():N}", SyncRuns.Settings());
        var overlap = new CallLogOptions().IncrementalOverlap;

        // Per run: the PBX's clock and the index of its first call-log request in the simulator's request log.
        var nows = new List<DateTimeOffset>();
        var firstRequest = new List<int> { 0 };
        var results = await SyncRuns.StepAsync(sim, kit, steps: 60, step: TimeSpan.FromMinutes(1), beforeStep: async _ =>
        {
            nows.Add(await sim.NowAsync());
            firstRequest.Add(sim.RequestsTo(CallLogPath));
        });
        nows.Add(await sim.NowAsync());
        var reads = sim.PathsTo(CallLogPath).Select(PeriodFrom).ToList();

        Assert.All(results, r => Assert.True(r.Ok, r.Error?.ToString()));
        Assert.True(results.Count(r => !r.FullRead) >= 55, $"{results.Count(r => !r.FullRead)} incremental runs of {results.Count}");
        Assert.Contains(results, r => r.Lag > TimeSpan.FromMinutes(3));   // calls in progress held the watermark back

        // What each incremental run asked for: never before the stretch of the run before last, nor before a call that ended since.
        var now = await sim.NowAsync();
        var all = await SimulatorTruth.CallsAsync(sim, t0 - SyncRuns.Lookback - TimeSpan.FromHours(1), now);
        for (var k = 2; k < results.Count; k++)   // run 1 reads from the watermark once more after the start
        {
            if (results[k].FullRead) continue;
            var since = nows[k - 2];
            var ended = all.Where(c => c.End is { } end && end > since && end <= nows[k]).Select(c => c.Start).DefaultIfEmpty(since).Min();
            var bound = (ended < since ? ended : since) - overlap - TimeSpan.FromSeconds(1);
            var readFrom = reads[firstRequest[k]];
            Assert.True(readFrom >= bound, $"run {k} read from {readFrom:O}, before {bound:O}");
        }

        // Incremental runs read a fraction of what full runs read.
        var incremental = results.Where(r => !r.FullRead).Average(r => r.Rows);
        var full = results.Skip(1).Where(r => r.FullRead).Average(r => r.Rows);
        Assert.True(incremental * 3 < full, $"incremental runs read {incremental:F0} rows on average, full runs {full:F0}");

        // Every count equals the truth.
        var from = t0 - SyncRuns.Lookback;
        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        var expected = TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults));
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, kit.Database, from, now));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, kit.Database, from, now));

        // Nothing doubled: a backfill of the whole span (which rewrites every call) adds no point.
        var points = await InfluxKpis.PointCountsAsync(influx.Server, kit.Database, from, now);
        var backfill = await kit.BackfillAsync(from, results[^1].Watermark!.Value);
        Assert.True(backfill.Calls > 0);
        Assert.Equal(points, await InfluxKpis.PointCountsAsync(influx.Server, kit.Database, from, now));
    }

    static DateTimeOffset PeriodFrom(string path)
    {
        var match = PeriodFromPattern().Match(Uri.UnescapeDataString(path));
        Assert.True(match.Success, path);
        return DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    [GeneratedRegex("periodFrom=([^,)]+)")]
    private static partial Regex PeriodFromPattern();
}
