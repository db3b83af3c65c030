using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// The live-queue rules evaluated as Grafana would, on crafted snapshots in a real influxd. Each evaluation sees the
/// snapshots the collector had written by then (they are written as the evaluations go), as the rules read a little
/// into the future for a PBX clock ahead of Grafana's.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class LiveQueueRuleTests(InfluxFixture influx)
{
    static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);
    readonly AlertRuleKit _kit = new(influx.Server);

    static (string, string) Queue(string number) => ("queue", number);

    [Fact]
    public async Task CallsWaitingFiresAfterTwoMinutesOfFiveOrMoreAndStaysQuietAtFourOrForAShortBurst()
    {
        var snapshots = _kit.Data()
            .QueueSnapshots(T0, T0.AddMinutes(4), "800", waiting: 5)        // above, for 4 minutes
            .QueueSnapshots(T0, T0.AddMinutes(4), "801", waiting: 4)        // at the threshold, never above
            .QueueSnapshots(T0, T0.AddSeconds(90), "802", waiting: 8)       // above for 90 s only
            .QueueSnapshots(T0.AddSeconds(90), T0.AddMinutes(4), "802", waiting: 2);

        var timeline = await _kit.RunAsync("threecx-calls-waiting", T0.AddSeconds(15), T0.AddMinutes(7), snapshots);

        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(15), Queue("800")));
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(105), Queue("800")));
        Assert.Equal(T0.AddSeconds(135), timeline.FirstAlerting(Queue("800")));
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(75), Queue("802")));
        Assert.Equal(AlertState.Normal, timeline.At(T0.AddSeconds(165), Queue("802")));
        Assert.Equal([Labels.Of(("pbx", "hq"), Queue("800"), ("queue_name", "Queue 800"))], timeline.EverAlerting);
        // The snapshots stop at T0+4m: once the last one is two minutes old the live rules are quiet (the stale rule
        // speaks instead); until then they still read it.
        Assert.Equal(AlertState.Alerting, timeline.At(T0.AddMinutes(5).AddSeconds(45), Queue("800")));
        Assert.Equal(AlertState.Normal, timeline.At(T0.AddMinutes(6).AddSeconds(15), Queue("800")));
    }

    [Fact]
    public async Task CallsWaitingReportsTheQueueAndTheNumberWaitingForTheAnnotations()
    {
        var snapshots = _kit.Data().QueueSnapshots(T0, T0.AddMinutes(1), "800", waiting: 3)
            .QueueSnapshots(T0.AddMinutes(1), T0.AddMinutes(2), "800", waiting: 9);

        var evaluation = await _kit.EvaluateAsync("threecx-calls-waiting", T0.AddSeconds(100), snapshots);

        var instance = evaluation.Instance(Queue("800"));
        Assert.True(instance.ConditionHolds);
        Assert.Equal(9, instance.Values["B"]);
        Assert.Equal("Queue 800", instance.Labels["queue_name"]);
        Assert.Equal("hq", instance.Labels["pbx"]);
    }

    [Fact]
    public async Task LongestWaitFiresAfterAMinuteAboveTheSlaThresholdButNotAtItOrWhenTheCallerIsAnswered()
    {
        var snapshots = _kit.Data()
            .QueueSnapshots(T0, T0.AddMinutes(3), "800", waiting: 1, longestWaitS: 45)
            .QueueSnapshots(T0, T0.AddMinutes(3), "801", waiting: 1, longestWaitS: 20)   // exactly T still meets the SLA
            .QueueSnapshots(T0, T0.AddSeconds(40), "802", waiting: 1, longestWaitS: 30)
            .QueueSnapshots(T0.AddSeconds(40), T0.AddMinutes(3), "802", waiting: 0);      // answered

        var timeline = await _kit.RunAsync("threecx-longest-wait", T0.AddSeconds(15), T0.AddMinutes(3), snapshots);

        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(45), Queue("800")));
        Assert.Equal(T0.AddSeconds(75), timeline.FirstAlerting(Queue("800")));
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(15), Queue("802")));
        Assert.Equal(AlertState.Normal, timeline.At(T0.AddSeconds(45), Queue("802")));
        Assert.Single(timeline.EverAlerting);
    }

    [Fact]
    public async Task NoAgentFiresOnlyWhereCallersWaitAndNobodyIsLoggedIn()
    {
        var snapshots = _kit.Data()
            .QueueSnapshots(T0, T0.AddMinutes(3), "800", waiting: 2, longestWaitS: 10, loggedIn: 0)
            .QueueSnapshots(T0, T0.AddMinutes(3), "801", waiting: 0, loggedIn: 0)   // closed for the night, nobody calling
            .QueueSnapshots(T0, T0.AddMinutes(3), "802", waiting: 3, longestWaitS: 10, loggedIn: 2);

        var timeline = await _kit.RunAsync("threecx-no-agents", T0.AddSeconds(15), T0.AddMinutes(2), snapshots);
        var evaluation = await _kit.EvaluateAsync("threecx-no-agents", T0.AddMinutes(2), snapshots);

        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(45), Queue("800")));
        Assert.Equal(T0.AddSeconds(75), timeline.FirstAlerting(Queue("800")));
        Assert.Single(timeline.EverAlerting);
        Assert.Equal(3, evaluation.Instances.Count);
        Assert.Equal(2, evaluation.Instance(Queue("800")).Values["C"]);
        Assert.False(evaluation.Instance(Queue("801")).ConditionHolds);
        Assert.False(evaluation.Instance(Queue("802")).ConditionHolds);
    }

    public static TheoryData<string, int> LiveRulesAndPbxClockOffsets()
    {
        var data = new TheoryData<string, int>();
        foreach (var uid in new[] { "threecx-calls-waiting", "threecx-longest-wait", "threecx-no-agents" })
            foreach (var seconds in new[] { -100, -30, 0, 5, 30, 55 })
                data.Add(uid, seconds);
        return data;
    }

    [Theory]
    [MemberData(nameof(LiveRulesAndPbxClockOffsets))]
    public async Task ALiveRuleFiresAtTheSameEvaluationWhetherThePbxClockIsUpToAMinuteAheadOrTwoBehind(string uid, int pbxClockAheadS)
    {
        // From T0 (Grafana's clock) a queue has callers waiting too long with nobody logged in: every live rule's
        // condition. The collector stamps each snapshot with the PBX's clock, so the same moments are stamped
        // T0 + offset onwards; each evaluation sees only what had been written by then.
        var ahead = TimeSpan.FromSeconds(pbxClockAheadS);
        var snapshots = _kit.Data()
            .QueueSnapshots(T0 + ahead, T0.AddMinutes(4) + ahead, "800", waiting: 6, longestWaitS: 45, loggedIn: 0);

        var timeline = await _kit.RunAsync(uid, T0.AddSeconds(15), T0.AddMinutes(3), snapshots, ahead);

        var @for = GrafanaDuration.Parse(AlertRuleKit.Rule(uid).For);
        Assert.Equal(AlertState.Pending, timeline.At(T0.AddSeconds(15), Queue("800")));
        Assert.Equal(T0.AddSeconds(15) + @for, timeline.FirstAlerting(Queue("800")));
    }

    [Fact]
    public async Task ALiveRuleReadsTheNewestSnapshotEvenWhenThePbxClockIsAFewSecondsAhead()
    {
        // The PBX's clock is 20 s ahead: at the evaluation the newest snapshot, stamped 20 s in the future, says 7
        // callers wait; the one stamped just before the evaluation still says 2.
        var ahead = TimeSpan.FromSeconds(20);
        var snapshots = _kit.Data()
            .QueueSnapshots(T0 - TimeSpan.FromMinutes(1) + ahead, T0.AddSeconds(-10) + ahead, "800", waiting: 2)
            .QueueSnapshots(T0.AddSeconds(-10) + ahead, T0.AddSeconds(1) + ahead, "800", waiting: 7);

        var evaluation = await _kit.EvaluateAsync("threecx-calls-waiting", T0, snapshots, ahead);

        Assert.Equal(7, evaluation.Instance(Queue("800")).Values["B"]);
        Assert.True(evaluation.Instance(Queue("800")).ConditionHolds);
    }
}
