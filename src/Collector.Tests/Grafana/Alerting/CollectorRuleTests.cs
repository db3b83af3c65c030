using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>The collector-health rules evaluated as Grafana would, on crafted points in a real influxd.</summary>
[Collection(InfluxCollection.Name)]
public sealed class CollectorRuleTests(InfluxFixture influx)
{
    static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    readonly AlertRuleKit _kit = new(influx.Server);

    [Fact]
    public async Task LiveDataStaleFiresForThePbxWhoseSnapshotsStoppedAndNotForTheOneStillReporting()
    {
        await _kit.Data()
            .PbxSnapshots(T0.AddHours(-1), T0.AddMinutes(10), "hq")
            .PbxSnapshots(T0.AddHours(-1), T0, "branch")   // last snapshot at T0 − 5 s
            .WriteAsync();

        var timeline = await _kit.RunAsync("threecx-live-stale", T0, T0.AddMinutes(6));

        Assert.Equal(AlertState.Normal, timeline.At(T0.AddSeconds(90), ("pbx", "branch")));
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddMinutes(2), ("pbx", "branch")));
        Assert.Equal(T0.AddMinutes(3), timeline.FirstAlerting(("pbx", "branch")));
        Assert.Equal([Labels.Of(("pbx", "branch"))], timeline.EverAlerting);
    }

    [Fact]
    public async Task WithoutAnyLiveSnapshotInADayTheStaleRuleFiresWithoutAPbxLabel()
    {
        await _kit.Data().PbxSnapshots(T0.AddDays(-2), T0.AddDays(-2).AddMinutes(5), "hq").WriteAsync();

        var evaluation = await _kit.EvaluateAsync("threecx-live-stale", T0);
        var timeline = await _kit.RunAsync("threecx-live-stale", T0, T0.AddMinutes(1));

        Assert.True(evaluation.NoData);
        Assert.Equal(AlertState.Pending, timeline.At(T0));
        Assert.Equal([Labels.Empty], timeline.EverAlerting);
    }

    [Fact]
    public async Task CollectorJobsFailingFiresAfterFiveMinutesOfRepeatedErrorsAndResolvesAfterRecovery()
    {
        var data = _kit.Data();
        for (var minute = 0; minute < 10; minute++)
        {
            data.JobRun(T0.AddMinutes(minute), "calllog_sync", ok: false, pbx: "hq")
                .JobRun(T0.AddMinutes(minute).AddSeconds(30), "live_snapshot", ok: true, pbx: "hq")
                .JobRun(T0.AddMinutes(minute), "calllog_sync", ok: true, pbx: "branch");
        }
        await data.JobRun(T0.AddMinutes(1), "calllog_sync", ok: false, pbx: "branch")   // two failures: not enough
            .JobRun(T0.AddMinutes(3), "calllog_sync", ok: false, pbx: "branch")
            .WriteAsync();

        var timeline = await _kit.RunAsync("threecx-collector-errors", T0.AddSeconds(15), T0.AddMinutes(21));

        Assert.Equal(AlertState.Normal, timeline.At(T0.AddSeconds(105), ("pbx", "hq")));
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(135), ("pbx", "hq")));
        Assert.Equal(T0.AddSeconds(435), timeline.FirstAlerting(("pbx", "hq"), ("job", "calllog_sync")));
        Assert.Equal(AlertState.Normal, timeline.At(T0.AddMinutes(20).AddSeconds(15), ("pbx", "hq")));
        Assert.Equal([Labels.Of(("job", "calllog_sync"), ("pbx", "hq"))], timeline.EverAlerting);
    }
}
