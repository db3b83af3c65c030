using System.Globalization;
using System.Text.RegularExpressions;
using Collector.Configuration;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// An hour of a busy call centre synced every simulated minute with incremental runs (docs/call-log-sync.md,
/// "Incremental runs"): every count equals the truth, nothing is doubled, each ordinary incremental run asked the PBX only
/// for the rows since the last run less the overlap, and each stretch run (<c>CallLog:EndedCallsReadInterval</c>) only from
/// the start of the calls that ended since the last such run, less the overlap, as the simulator's own request log shows.
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
        await using var kit = new PipelineKit(sim, influx.Server, $"incr_{Guid.NewGuid():N}",
            SyncRuns.Settings(("CallLog:EndedCallsReadInterval", new CallLogOptions().EndedCallsReadInterval.ToString("c", CultureInfo.InvariantCulture))));
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

        // What each incremental run asked for: an ordinary run never before the last run's clock less the overlap; a
        // stretch run never before the start of a call that ended since the run before the last run that read them.
        var now = await sim.NowAsync();
        var all = await SimulatorTruth.CallsAsync(sim, t0 - SyncRuns.Lookback - TimeSpan.FromHours(1), now);
        var lastEndedRead = 0;
        var stretches = 0;
        for (var k = 1; k < results.Count; k++)
        {
            var readFrom = reads[firstRequest[k]];
            if (results[k].FullRead || results[k].EndedCallsRead)
            {
                var since = nows[lastEndedRead == 0 ? 0 : lastEndedRead - 1];
                var ended = all.Where(c => c.End is { } end && end > since && end <= nows[k]).Select(c => c.Start).DefaultIfEmpty(nows[k - 1]).Min();
                var bound = (ended < nows[k - 1] ? ended : nows[k - 1]) - overlap - TimeSpan.FromSeconds(1);
                if (!results[k].FullRead && k > 1)
                {
                    Assert.True(readFrom >= bound, $"stretch run {k} read from {readFrom:O}, before {bound:O}");
                    stretches++;
                }
                lastEndedRead = k;
            }
            else if (k > 1)   // run 1 reads from the watermark once more after the start
            {
                var bound = nows[k - 1] - overlap - TimeSpan.FromSeconds(1);
                Assert.True(readFrom >= bound, $"ordinary run {k} read from {readFrom:O}, before the last run's clock less the overlap {bound:O}");
                Assert.False(results[k].EndedCallsRead);
            }
        }

        // Calls ended every few minutes, and their stretches were read together at the cadence (5 min), not every run.
        Assert.InRange(stretches, 3, 60 / 5 + 1);
        Assert.Contains(results, r => r.EndedCallsPending > 0);

        // Incremental runs read a fraction of what full runs read.
        var incremental = results.Where(r => !r.FullRead).Average(r => r.Rows);
        var full = results.Skip(1).Where(r => r.FullRead).Average(r => r.Rows);
        Assert.True(incremental * 3 < full, $"incremental runs read {incremental:F0} rows on average, full runs {full:F0}");

        // Every count equals the truth, up to the watermark (every call that started before it is written; calls that ended
        // after it may still wait for their stretch run).
        now = results[^1].Watermark!.Value;
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
