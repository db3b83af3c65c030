using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A PBX whose clock is not this machine's: calls arrive steadily over many sync runs, with idle moments (no call in
/// progress, so ActiveCalls carries no ServerNow), and every finished call in the simulator's truth must be in InfluxDB
/// exactly once. Before the sync followed the PBX's Date header, an idle run moved the watermark to this machine's
/// now − 30 s, in a slow PBX's future, and calls starting there were skipped for good.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class ClockSkewTests(InfluxFixture influx)
{
    static readonly string[] QuietMorning =
        ["--seed", "11", "--speed", "0", "--start", "2026-11-18T09:00:00Z", "--history-days", "0.2", "--queues", "2", "--agents", "6", "--calls-per-hour", "30"];

    [Theory]
    [InlineData(-2)]
    [InlineData(-5)]
    [InlineData(5)]
    public async Task WithThePbxClockMinutesAwayFromOursEveryFinishedCallIsWrittenExactlyOnce(int pbxMinutes)
    {
        var offset = TimeSpan.FromMinutes(pbxMinutes);
        await using var sim = await SimulatorHost.StartAsync(QuietMorning);
        var t0 = await sim.NowAsync();
        await using var kit = new PipelineKit(sim, influx.Server, $"skew_{Guid.NewGuid():N}", SyncRuns.Settings(("CallLog:InitialLookback", "00:30:00")));

        var runs = new List<DateTimeOffset>();
        var results = new List<Collector.CallLog.Sync.CallLogSyncResult>();
        for (var i = 0; i < 60; i++)
        {
            if (i > 0) await sim.AdvanceClockAsync(TimeSpan.FromMinutes(1));
            runs.Add(await sim.NowAsync());
            results.Add(await kit.SyncAsync(sim, offset));
        }

        Assert.All(results, r => Assert.True(r.Ok, r.Error?.ToString()));
        var now = await sim.NowAsync();
        var from = t0 - TimeSpan.FromMinutes(30);
        var all = await SimulatorTruth.CallsAsync(sim, from, now);
        var idle = runs.Where(t => !all.Any(c => c.Start <= t && (c.End is null || c.End > t))).ToList();
        Assert.True(idle.Count >= 5, $"only {idle.Count} idle runs: the scenario does not test the idle case");
        if (offset < TimeSpan.Zero)
        {
            // The calls the old rule lost: starting within (skew − SettleDelay) after an idle run.
            var exposed = all.Where(c => idle.Any(t => c.Start >= t && c.Start < t - offset - TimeSpan.FromSeconds(30))).ToList();
            Assert.True(exposed.Count >= 2, $"only {exposed.Count} calls start right after an idle run");
        }

        var truth = all.Where(c => c.Finished).ToList();
        Assert.True(truth.Count >= 20, $"only {truth.Count} calls");
        var written = await CallIdsAsync(kit.Database, from, now);
        Assert.Equal(truth.Select(c => c.CallId).Order(StringComparer.Ordinal), written.Order(StringComparer.Ordinal));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, kit.Database, from, now));
        KpiAssert.Equal(TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults)),
            await InfluxKpis.QueryAsync(influx.Server, kit.Database, from, now));

        // The skew was seen and flagged on every run, idle or not.
        Assert.All(results, r => Assert.True(r.ClockSkewExceeded, "a skew of minutes was not flagged"));
        Assert.All(results, r => Assert.Equal(offset.TotalSeconds, r.ClockSkew!.Value.TotalSeconds, 1.0));
    }

    async Task<List<string>> CallIdsAsync(string database, DateTimeOffset from, DateTimeOffset to)
    {
        var answer = await influx.Server.QueryAsync(database,
            $"SELECT call_id FROM call WHERE time >= '{PipelineKit.Iso(from)}' AND time <= '{PipelineKit.Iso(to)}'");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        return [.. series[0].GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!)];
    }
}
