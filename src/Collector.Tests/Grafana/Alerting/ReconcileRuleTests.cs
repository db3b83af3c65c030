using Collector.Reconcile;
using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>The reconciliation rule evaluated as Grafana would, on <c>queue_reconcile</c> points in a real influxd.</summary>
[Collection(InfluxCollection.Name)]
public sealed class ReconcileRuleTests(InfluxFixture influx)
{
    const string Rule = "threecx-reconcile-differences";
    static readonly DateTimeOffset Now = new(2026, 11, 26, 3, 5, 0, TimeSpan.Zero);
    static readonly DateOnly Yesterday = new(2026, 11, 25);
    readonly AlertRuleKit _kit = new(influx.Server);

    [Fact]
    public async Task ADifferenceAboveOrBelowZeroOnAFinishedDayFiresAtOnceForItsPbxQueueAndKpiOnly()
    {
        var data = _kit.Data();
        foreach (var queue in new[] { "800", "801", "802" })
            foreach (var kpi in ReconcileKpis.All)
                data.Reconciliation(Yesterday, queue, kpi, 40, 40);
        await data.Reconciliation(Yesterday.AddDays(-3), "801", ReconcileKpis.Answered, 117, 120)       // 3CX counted 3 more
            .Reconciliation(Yesterday.AddDays(-1), "802", ReconcileKpis.AbandonedWaitSeconds, 402.5m, 400) // we waited 2.5 s more
            .Reconciliation(Yesterday, "800", ReconcileKpis.Received, 50, 50, pbx: "branch")
            .WriteAsync();

        var evaluation = await _kit.EvaluateAsync(Rule, Now);
        var timeline = await _kit.RunAsync(Rule, Now, Now);

        Assert.Equal(
            [Labels.Of(("kpi", "abandoned_wait_s"), ("pbx", "hq"), ("queue", "802")), Labels.Of(("kpi", "answered"), ("pbx", "hq"), ("queue", "801"))],
            timeline.EverAlerting.OrderBy(l => l.ToString(), StringComparer.Ordinal));
        Assert.Equal(-3, evaluation.Instance(("queue", "801"), ("kpi", "answered")).Values["D"]);
        Assert.Equal(2.5, evaluation.Instance(("queue", "802"), ("kpi", "abandoned_wait_s")).Values["C"]);
    }

    [Fact]
    public async Task ADifferenceThatARerunCorrectedNoLongerFires()
    {
        await _kit.Data().Reconciliation(Yesterday, "801", ReconcileKpis.Abandoned, 11, 12).WriteAsync();
        Assert.Single((await _kit.EvaluateAsync(Rule, Now)).Holding);

        // The call log was backfilled and the day reconciled again: the same point, rewritten with no difference.
        await _kit.Data().Reconciliation(Yesterday, "801", ReconcileKpis.Abandoned, 12, 12).WriteAsync();

        Assert.Empty((await _kit.EvaluateAsync(Rule, Now)).Holding);
    }

    [Fact]
    public async Task ADifferenceOlderThanEightDaysOrNoReconciliationAtAllIsQuiet()
    {
        await _kit.Data().Reconciliation(Yesterday.AddDays(-9), "801", ReconcileKpis.Answered, 1, 2).WriteAsync();

        var evaluation = await _kit.EvaluateAsync(Rule, Now);

        Assert.True(evaluation.NoData);   // noDataState OK: quiet
        Assert.Empty((await _kit.RunAsync(Rule, Now, Now)).EverAlerting);
    }
}
