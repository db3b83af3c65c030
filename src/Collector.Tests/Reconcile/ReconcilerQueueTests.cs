using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.Reconcile;
using Collector.Tests.EndToEnd;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Reconcile;

/// <summary>Which queues a run compares: the PBX's own (3CX's reports need a real queue DN), else the ones our points name.</summary>
[Collection(InfluxCollection.Name)]
public sealed class ReconcilerQueueTests(InfluxFixture influx)
{
    static readonly DateOnly Day = new(2026, 11, 22);

    [Fact]
    public async Task AQueueOnlyOurPointsNameIsLeftOutWithAWarningAndWithoutThePbxsQueueListOurQueuesAreCompared()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "3", "--speed", "0", "--start", "2026-11-23T10:00:00Z", "--history-days", "2", "--queues", "3");
        await using var kit = new PipelineKit(sim, influx.Server, $"queues_{Guid.NewGuid():N}");
        var day = ReportingDays.Of(Day);
        Assert.True((await kit.BackfillAsync(day.Start, day.End)).Completed);
        var writer = Collector.Tests.Influx.WriterTestKit.Writer(Collector.Tests.Influx.WriterTestKit.Options(influx.Server.Url, o => o.Database = kit.Database));
        await writer.WriteAsync(new[] { new PointData("queue_call").Tag("pbx", "sim").Tag("queue", "899").Field("wait_s", 7.5).Field("answered", 1)
            .Field("abandoned", 0).Field("short_abandon", 0).Timestamp(UnixTime.Nanoseconds(day.Start.AddHours(9))) }, CancellationToken.None);

        var withList = await kit.Reconciler.RunAsync(kit.Pbx, [Day], null, CancellationToken.None);

        Assert.Equal(("warning", 0, 3 * 7, 7), (withList.ResultTag, withList.Differences, withList.Compared, withList.NotCompared));
        Assert.Equal(["800", "801", "802"], withList.Comparisons.Select(c => c.Queue).Distinct());
        Assert.Contains("2026-11-22: queue 899 has passages in InfluxDB but is not a queue of the PBX now: not compared.", withList.Reason, StringComparison.Ordinal);

        await sim.SetFaultsAsync(new { rules = new[] { new { route = "queues", status = 403 } } });
        var withoutList = await kit.Reconciler.RunAsync(kit.Pbx, [Day], null, CancellationToken.None);

        Assert.Equal("warning", withoutList.ResultTag);
        Assert.Equal(["800", "801", "802", "899"], withoutList.Comparisons.Select(c => c.Queue).Distinct());
        Assert.Equal(1, withoutList.Comparisons.Single(c => c.Queue == "899" && c.Kpi == ReconcileKpis.Answered).Difference);   // 3CX has no such queue
        Assert.Contains("The PBX's queue list could not be read (Forbidden, HTTP 403)", withoutList.Reason, StringComparison.Ordinal);
        Assert.Contains(kit.Log.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("queue list could not be read", StringComparison.Ordinal));
    }
}
