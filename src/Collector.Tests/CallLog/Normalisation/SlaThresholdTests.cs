using Collector.CallLog.Normalisation;
using Collector.Configuration;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

/// <summary>T per queue: the configured override, else 3CX's SLATime when set, else Sla:ThresholdSeconds.</summary>
public sealed class SlaThresholdTests
{
    static readonly Dictionary<string, int> SlaTimes = new() { ["800"] = 30, ["801"] = 15, ["802"] = 0, ["803"] = -5 };

    static SlaThresholds Thresholds() =>
        SlaThresholds.From(new SlaOptions { ThresholdSeconds = 20, Queues = { ["801"] = new QueueSlaOptions { ThresholdSeconds = 45 }, ["804"] = new QueueSlaOptions() } })
            .WithSlaTimes(SlaTimes);

    [Theory]
    [InlineData("800", 30)]   // 3CX's SLATime
    [InlineData("801", 45)]   // the configured override wins over the SLATime
    [InlineData("802", 20)]   // SLATime 0: not set
    [InlineData("803", 20)]   // a negative SLATime is not set either
    [InlineData("804", 20)]   // a queue section without a threshold overrides nothing
    [InlineData("899", 20)]   // a queue 3CX did not list
    public void AQueuesThresholdIsItsOverrideElseItsSlaTimeElseTheDefault(string queue, int expected)
    {
        Assert.Equal(expected, Thresholds().SecondsFor(queue));
    }

    [Fact]
    public void WithoutSlaTimesTheOverridesAndTheDefaultStillApply()
    {
        var configured = SlaThresholds.From(new SlaOptions { ThresholdSeconds = 25, Queues = { ["801"] = new QueueSlaOptions { ThresholdSeconds = 45 } } });

        Assert.Equal((45, 25), (configured.SecondsFor("801"), configured.SecondsFor("800")));
    }

    [Fact]
    public void APassageMeetsTheServiceLevelByItsOwnQueuesThreshold()
    {
        var kpi = KpiSettings.From(new SlaOptions()).WithSlaTimes(SlaTimes);
        QueuePassage Answered(string queue) => new(queue, null, T0, TimeSpan.FromSeconds(25), PassageOutcomes.Answered, "101", TimeSpan.Zero, "cdr");

        Assert.True(PassageKpi.Classify(Answered("800"), kpi).SlMet);    // 25 s ≤ 30 s
        Assert.False(PassageKpi.Classify(Answered("801"), kpi).SlMet);   // 25 s > 15 s
        Assert.False(PassageKpi.Classify(Answered("802"), kpi).SlMet);   // 25 s > 20 s
    }

    [Fact]
    public void EveryQueueCallPointCarriesTheThresholdThatApplied()
    {
        var kpi = KpiSettings.From(new SlaOptions { Queues = { ["801"] = new QueueSlaOptions { ThresholdSeconds = 45 } } }).WithSlaTimes(SlaTimes);
        var call = Single(Queue("c1", 0, 150, answered: false, reason: "Sales (800) was replaced by Support (801)"),
                          Queue("c1", 150, 30, answered: true, dn: "801", name: "Support"), Agent("c1", 150, 30, 60));

        var lines = CallPoints.For("hq", call, kpi).Where(p => p.Measurement == CallPoints.QueueCallMeasurement).Select(p => p.ToString()).ToList();

        Assert.Contains("sl_met=0i,sl_threshold_s=30i ", lines[0], StringComparison.Ordinal);
        Assert.Contains("sl_met=1i,sl_threshold_s=45i ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsWithTheSameThresholdsAreEqual()
    {
        Assert.Equal(KpiSettings.From(new SlaOptions()).WithSlaTimes(new Dictionary<string, int> { ["800"] = 30 }),
                     KpiSettings.From(new SlaOptions()).WithSlaTimes(new Dictionary<string, int> { ["800"] = 30 }));
        Assert.NotEqual(KpiSettings.From(new SlaOptions()), KpiSettings.From(new SlaOptions()).WithSlaTimes(new Dictionary<string, int> { ["800"] = 30 }));
    }
}
