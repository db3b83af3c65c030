using System.Globalization;
using Collector.Tests.EndToEnd;
using Collector.Tests.Support;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// An incremental run skips a call whose points it wrote before, unchanged (<c>WrittenCalls</c>). That memory is this
/// process's: in a cluster another node may have deleted the span since (a window that found a stale point deletes its
/// span, then writes; a node killed in between leaves the span empty). The window compares its span with InfluxDB anyway,
/// so it writes an unchanged call's points again where they are missing, instead of leaving them lost until the next full
/// run (or for good, once the watermark has passed them).
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class MissingPointsTests(InfluxFixture influx)
{
    [Fact]
    public async Task AnIncrementalRunWritesAgainTheCallsItWroteBeforeWhosePointsAreNoLongerInInfluxDb()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "7", "--speed", "0", "--start", "2026-11-18T09:00:00Z",
            "--history-days", "0.2", "--queues", "5", "--agents", "30", "--calls-per-hour", "600");
        await using var kit = new PipelineKit(sim, influx.Server, $"missing_{Guid.NewGuid():N}", SyncRuns.Settings());
        var results = await SyncRuns.StepAsync(sim, kit, steps: 3, step: TimeSpan.FromMinutes(1));
        Assert.All(results, r => Assert.True(r.Ok, r.Error?.ToString()));
        var now = await sim.NowAsync();

        // Another writer deleted a span the next (incremental) run's window covers (it reads from the run before last, less
        // the two-minute overlap), after the watermark (no run writes before it again: a delete there is lost for good).
        var watermark = results[^1].Watermark!.Value;
        var from = now - TimeSpan.FromSeconds(170) > watermark ? now - TimeSpan.FromSeconds(170) : watermark;
        var where = string.Create(CultureInfo.InvariantCulture,
            $"pbx = 'sim' AND time >= {from.ToUnixTimeMilliseconds() + 1}ms AND time < {now.ToUnixTimeMilliseconds()}ms");
        var before = await CallIdsAsync(kit.Database, where);
        Assert.NotEmpty(before);
        await influx.Server.QueryAsync(kit.Database, $"DELETE FROM \"call\" WHERE {where}");
        Assert.Empty(await CallIdsAsync(kit.Database, where));

        await sim.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var next = await kit.SyncAsync(sim);

        Assert.True(next.Ok, next.Error?.ToString());
        Assert.False(next.FullRead);
        Assert.Subset(before, await CallIdsAsync(kit.Database, where));   // and calls that ended since, new
    }

    async Task<HashSet<string>> CallIdsAsync(string database, string where)
    {
        var result = (await influx.Server.QueryAsync(database, $"SELECT call_id FROM \"call\" WHERE {where}")).GetProperty("results")[0];
        return result.TryGetProperty("series", out var series)
            ? [.. series[0].GetProperty("values").EnumerateArray().Select(row => row[1].GetString()!)]
            : [];
    }
}
