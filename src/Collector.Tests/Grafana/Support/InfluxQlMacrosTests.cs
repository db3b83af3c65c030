namespace Collector.Tests.Grafana.Support;

public sealed class InfluxQlMacrosTests
{
    static readonly DateTimeOffset From = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset To = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);
    static readonly Dictionary<string, string[]> NoVariables = new();

    [Fact]
    public void TimeFilterBecomesAnInclusiveMillisecondRange()
    {
        var expanded = InfluxQlMacros.Expand("SELECT count(x) FROM m WHERE $timeFilter", From, To, TimeSpan.FromMinutes(1), NoVariables);

        Assert.Equal("SELECT count(x) FROM m WHERE time >= 1795392000000ms and time <= 1795429800000ms", expanded);
    }

    [Fact]
    public void NowIsLeftForInfluxDbByTheExpansionAndPinnedToThePlayedInstantOnlyWhenAsked()
    {
        const string query = "SELECT last(x) FROM m WHERE $timeFilter AND time >= now() - 2m AND time <= NOW() + 1m";

        var expanded = InfluxQlMacros.Expand(query, From, To, TimeSpan.FromMinutes(1), NoVariables);

        Assert.Contains("time >= now() - 2m AND time <= NOW() + 1m", expanded, StringComparison.Ordinal);
        Assert.Equal(
            "SELECT last(x) FROM m WHERE time >= 1795392000000ms and time <= 1795429800000ms AND time >= 1795429800000ms - 2m AND time <= 1795429800000ms + 1m",
            InfluxQlMacros.PinNow(expanded, To));
    }

    [Fact]
    public void IntervalBuiltInsBecomeGrafanasDurationTextAndMilliseconds()
    {
        var expanded = InfluxQlMacros.Expand("time($__interval) $interval $__interval_ms $__from $__to", From, To, TimeSpan.FromSeconds(90), NoVariables);

        Assert.Equal("time(1m) 1m 90000 1795392000000 1795429800000", expanded);
    }

    [Theory]
    [InlineData(0.5, "500ms")]
    [InlineData(30, "30s")]
    [InlineData(3600, "1h")]
    [InlineData(86400, "1d")]
    [InlineData(604800, "7d")]
    public void IntervalsAreWrittenInTheirLargestWholeUnit(double seconds, string text) =>
        Assert.Equal(text, InfluxQlMacros.FormatInterval(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void AllReferenceFormsOfAVariableAreReplaced()
    {
        var variables = new Dictionary<string, string[]> { ["pbx"] = ["main"] };

        var expanded = InfluxQlMacros.Expand("'$pbx' '${pbx}' '[[pbx]]'", From, To, TimeSpan.FromSeconds(1), variables);

        Assert.Equal("'main' 'main' 'main'", expanded);
    }

    [Fact]
    public void ARegexValueIsEscapedAndSeveralValuesBecomeAnAlternation()
    {
        var variables = new Dictionary<string, string[]> { ["pbx"] = ["a.b/c"], ["queue"] = ["800", "8(01)"] };

        var expanded = InfluxQlMacros.Expand("WHERE \"pbx\" =~ /^$pbx$/ AND \"queue\" !~ /^${queue}$/", From, To, TimeSpan.FromSeconds(1), variables);

        Assert.Equal(@"WHERE ""pbx"" =~ /^a\.b\/c$/ AND ""queue"" !~ /^(800|8\(01\))$/", expanded);
    }

    [Fact]
    public void ADashboardVariableNamedIntervalWinsOverTheBuiltIn()
    {
        var variables = new Dictionary<string, string[]> { ["interval"] = ["1d"] };

        var expanded = InfluxQlMacros.Expand("GROUP BY time($interval), time($__interval)", From, To, TimeSpan.FromMinutes(5), variables);

        Assert.Equal("GROUP BY time(1d), time(5m)", expanded);
    }

    [Fact]
    public void UnknownReferencesAreLeftInPlaceAndReported()
    {
        var expanded = InfluxQlMacros.Expand("WHERE a =~ /^$agent$/ AND $timeFilter", From, To, TimeSpan.FromSeconds(1), NoVariables);

        Assert.StartsWith("WHERE a =~ /^$agent$/ AND time >= ", expanded);
        Assert.Equal(["$a"], InfluxQlMacros.Unresolved(expanded));
    }

    [Fact]
    public void AVariableWithoutAnyValueIsRefused() =>
        Assert.Throws<ArgumentException>(() => InfluxQlMacros.Expand("$pbx", From, To, TimeSpan.FromSeconds(1), new Dictionary<string, string[]> { ["pbx"] = [] }));
}
