using Collector.CallLog.Normalisation;
using Collector.Configuration;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class PassageKpiTests
{
    static QueuePassage Passage(string outcome, double wait) =>
        new("800", "Sales", Rows.T0, TimeSpan.FromSeconds(wait), outcome, outcome == "answered" ? "101" : null, TimeSpan.Zero, "cdr");

    static KpiSettings Kpi(SlaFormula formula, int t = 20, int s = 5) => new(TimeSpan.FromSeconds(t), TimeSpan.FromSeconds(s), formula);

    // outcome, wait → (short, eligible, met) for each formula; T = 20 s, S = 5 s.
    [Theory]
    [InlineData("AnsweredOnly", "answered", 20, false, true, true)]
    [InlineData("AnsweredOnly", "answered", 20.0000001, false, true, false)]
    [InlineData("AnsweredOnly", "abandoned", 10, false, false, false)]
    [InlineData("AnsweredOnly", "abandoned", 30, false, false, false)]
    [InlineData("AbandonsPositive", "answered", 3, false, true, true)]
    [InlineData("AbandonsPositive", "answered", 25, false, true, false)]
    [InlineData("AbandonsPositive", "abandoned", 10, false, true, true)]
    [InlineData("AbandonsPositive", "abandoned", 20, false, true, true)]
    [InlineData("AbandonsPositive", "abandoned", 30, false, true, false)]
    [InlineData("AbandonsNegative", "answered", 3, false, true, true)]
    [InlineData("AbandonsNegative", "answered", 25, false, true, false)]
    [InlineData("AbandonsNegative", "abandoned", 10, false, true, false)]
    [InlineData("AbandonsNegative", "abandoned", 30, false, true, false)]
    [InlineData("AbandonsWithinTIgnored", "answered", 3, false, true, true)]
    [InlineData("AbandonsWithinTIgnored", "answered", 25, false, true, false)]
    [InlineData("AbandonsWithinTIgnored", "abandoned", 10, false, false, false)]
    [InlineData("AbandonsWithinTIgnored", "abandoned", 20, false, false, false)]
    [InlineData("AbandonsWithinTIgnored", "abandoned", 30, false, true, false)]
    public void EachFormulaChoosesEligibleAndMetPassages(string formula, string outcome, double wait, bool shortAbandon, bool eligible, bool met)
    {
        var result = PassageKpi.Classify(Passage(outcome, wait), Kpi(Enum.Parse<SlaFormula>(formula)));

        Assert.Equal((shortAbandon, eligible, met), result);
    }

    [Theory]
    [InlineData(SlaFormula.AnsweredOnly)]
    [InlineData(SlaFormula.AbandonsPositive)]
    [InlineData(SlaFormula.AbandonsNegative)]
    [InlineData(SlaFormula.AbandonsWithinTIgnored)]
    public void ShortAbandonsAndOverflowsAreNeverEligible(SlaFormula formula)
    {
        Assert.Equal((true, false, false), PassageKpi.Classify(Passage("abandoned", 4.9999999), Kpi(formula)));
        Assert.Equal((false, false, false), PassageKpi.Classify(Passage("overflow", 3), Kpi(formula)));
        Assert.Equal((false, false, false), PassageKpi.Classify(Passage("overflow", 150), Kpi(formula)));
    }

    [Fact]
    public void AnAbandonOfExactlySIsNotShort()
    {
        Assert.False(PassageKpi.Classify(Passage("abandoned", 5), Kpi(SlaFormula.AbandonsNegative)).ShortAbandon);
    }

    [Fact]
    public void ShortAbandonsAreOffWhenSIsZero()
    {
        var (shortAbandon, eligible, _) = PassageKpi.Classify(Passage("abandoned", 0), Kpi(SlaFormula.AbandonsNegative, s: 0));

        Assert.False(shortAbandon);
        Assert.True(eligible);
    }

    [Fact]
    public void SettingsComeFromTheSlaOptions()
    {
        var kpi = KpiSettings.From(new SlaOptions { ThresholdSeconds = 30, ShortAbandonSeconds = 8, Formula = SlaFormula.AbandonsPositive });

        Assert.Equal(new KpiSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(8), SlaFormula.AbandonsPositive), kpi);
        Assert.Equal(new KpiSettings(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5), SlaFormula.AbandonsNegative), KpiSettings.From(new SlaOptions()));
    }
}
