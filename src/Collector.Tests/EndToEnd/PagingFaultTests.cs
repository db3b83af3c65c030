using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A server (or a caching proxy in front of it) that ignores <c>$skip</c> answers every page with the first one: the sync
/// must notice, fail that run with a clear error and a run point, and go on once paging works again.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class PagingFaultTests(InfluxFixture influx)
{
    [Fact]
    public async Task ASyncAgainstAServerThatIgnoresSkipFailsThatRunWithAClearErrorAndARunPointInsteadOfPagingForever()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        await using var kit = new PipelineKit(sim, influx.Server, $"skip_{Guid.NewGuid():N}", SyncRuns.Settings(("Xapi:PageSize", "100"), ("Xapi:PageOverlap", "10")));
        await sim.SetFaultsAsync(new { ignoreSkip = true });
        var before = sim.RequestsTo("/xapi/v1/ReportCallLogData");

        var failed = await kit.SyncAsync(sim);

        Assert.False(failed.Ok);
        Assert.Contains("ignores $skip", failed.Error!.Message);
        Assert.Equal(2, sim.RequestsTo("/xapi/v1/ReportCallLogData") - before);   // the first page and its repeat
        Assert.Contains(kit.Log.GetSnapshot(), e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("ignores $skip", StringComparison.Ordinal));
        var points = (await kit.State.Outbox.PeekAsync(100, long.MaxValue, CancellationToken.None)).Select(e => e.Payload).ToList();
        var point = Assert.Single(points, p => p.StartsWith("collector,", StringComparison.Ordinal));
        Assert.Contains("result=error", point);
        Assert.Contains("ignores $skip", point);

        await sim.ClearFaultsAsync();
        var next = await kit.SyncAsync(sim);
        Assert.True(next.Ok, next.Error?.ToString());
        Assert.True(next.Calls > 0);
    }
}
