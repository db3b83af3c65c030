using Collector.CallLog.Rollups;

namespace Collector.Tests.CallLog.Rollups;

public sealed class QueueRollupTests
{
    static readonly LocalPeriod April = LocalPeriod.Month(new DateOnly(2026, 4, 1), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

    // 10 passages: 6 answered (waits 60 s, talk 900 s in all), 3 abandoned of which 1 short, 1 overflow; 8 eligible, 5 met.
    static readonly QueueRollup Sales = new("800", Passages: 10, Answered: 6, AbandonedAll: 3, ShortAbandons: 1, SlEligible: 8, SlMet: 5,
        AnsweredWaitS: 60, AnsweredTalkS: 900, LongestWaitS: 95.5, SlThresholdS: 20);

    [Fact]
    public void TheRatiosAreTheKpiDefinitionsOverTheSums()
    {
        Assert.Equal(9, Sales.Offered);           // short abandons out
        Assert.Equal(2, Sales.Abandoned);         // short abandons out
        Assert.Equal(62.5, Sales.ServiceLevelPercent);
        Assert.Equal(10, Sales.AsaS);
        Assert.Equal(150, Sales.AhtS);
        Assert.Equal(100.0 * 2 / 9, Sales.AbandonRatePercent);
    }

    [Fact]
    public void ThePointIsStampedAtThePeriodsStartWithTheSumsAndTheRatios()
    {
        var line = Sales.ToPoint(RollupQueries.MonthMeasurement, "hq", April).ToString();
        Assert.StartsWith("queue_month,pbx=hq,queue=800 ", line, StringComparison.Ordinal);
        Assert.EndsWith(" " + (new DateTimeOffset(2026, 3, 31, 22, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000), line, StringComparison.Ordinal);
        foreach (var field in new[] { "passages=10i", "offered=9i", "answered=6i", "abandoned=2i", "short_abandons=1i", "sl_eligible=8i", "sl_met=5i",
                     "answered_wait_s=60", "answered_talk_s=900", "longest_wait_s=95.5", "sl_threshold_s=20i", "sl_pct=62.5", "asa_s=10", "aht_s=150" })
            Assert.Contains(field, line, StringComparison.Ordinal);
    }

    [Fact]
    public void ARatioWithNothingToDivideByIsNotWritten()
    {
        var onlyShortAbandons = new QueueRollup("801", 2, 0, 2, 2, 0, 0, 0, 0, 3, 20);
        var point = onlyShortAbandons.ToPoint(RollupQueries.DayMeasurement, "hq", April);
        var fields = point.Fields.Select(f => f.Key).ToHashSet();
        Assert.Contains("offered", fields);
        Assert.DoesNotContain("sl_pct", fields);
        Assert.DoesNotContain("asa_s", fields);
        Assert.DoesNotContain("aht_s", fields);
        Assert.DoesNotContain("abandon_rate_pct", fields);
    }
}
