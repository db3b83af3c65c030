using System.Text.Json.Nodes;
using Collector.Tests.Grafana.Support;

namespace Collector.Tests.Grafana.Dashboards;

public sealed class WallboardLayoutTests
{
    readonly Dashboard _wallboard = GrafanaFiles.Dashboard("threecx-wallboard");

    [Fact]
    public void TheWallboardRefreshesEveryFiveSecondsShowsTodayAndIsDark()
    {
        Assert.Equal("5s", (string?)_wallboard.Json["refresh"]);
        Assert.Equal("now/d", _wallboard.TimeFrom);
        Assert.Equal("now/d", _wallboard.TimeTo);
        Assert.Equal("dark", (string?)_wallboard.Json["style"]);
        Assert.Equal("utc", (string?)_wallboard.Json["timezone"]);
    }

    [Theory]
    [InlineData("pbx_calls_waiting")]
    [InlineData("queue_waiting")]
    [InlineData("pbx_longest_wait")]
    [InlineData("queue_longest_wait")]
    public void WaitingAndLongestWaitTurnYellowThenRed(string refId)
    {
        var panel = _wallboard.PanelWithTarget(refId);

        Assert.Equal(["green", "yellow", "red"], panel.ThresholdColors);
        Assert.Null(panel.ThresholdValues[0]);
        Assert.True(panel.ThresholdValues[1] > 0 && panel.ThresholdValues[2] > panel.ThresholdValues[1], $"{panel}: thresholds must rise");
        Assert.Equal("background", (string?)panel.Json["options"]?["colorMode"]);
    }

    [Theory]
    [InlineData("total_sl")]
    [InlineData("queue_sl")]
    public void ServiceLevelTurnsYellowThenRedAsItFalls(string refId)
    {
        var panel = _wallboard.PanelWithTarget(refId);

        Assert.Equal(["red", "yellow", "green"], panel.ThresholdColors);
        Assert.Equal(new double?[] { null, 70, 80 }, panel.ThresholdValues);
        Assert.Equal("percent", (string?)panel.Defaults?["unit"]);
    }

    [Theory]
    [InlineData("pbx_calls_waiting")]
    [InlineData("pbx_longest_wait")]
    [InlineData("pbx_agents_available")]
    [InlineData("pbx_agents_on_call")]
    [InlineData("pbx_agents_away")]
    [InlineData("pbx_agents_logged_out")]
    [InlineData("queue_waiting")]
    [InlineData("queue_longest_wait")]
    [InlineData("queue_agents_available")]
    [InlineData("agent_status")]
    public void LiveTilesReadOnlyTheLastMinuteAndGoBlankRatherThanShowAStaleNumber(string refId)
    {
        var panel = _wallboard.PanelWithTarget(refId);

        Assert.Equal("1m", panel.TimeFromOverride);
        Assert.NotNull(panel.NoValue);
        Assert.DoesNotContain(panel.NoValue!, new[] { "0", "" });
    }

    [Fact]
    public void EachQueueGetsItsOwnRowOfWaitingLongestWaitAgentsAndTodaysKpis()
    {
        string[] perQueue = ["queue_waiting", "queue_longest_wait", "queue_agents_available", "queue_offered", "queue_answered", "queue_abandoned", "queue_sl", "queue_asa"];

        foreach (var refId in perQueue)
            Assert.Equal("queue", _wallboard.PanelWithTarget(refId).RepeatedBy);
        Assert.Single(_wallboard.Panels, p => p.Type == "row" && p.Repeat == "queue");
    }

    [Fact]
    public void TheWallboardShowsEverythingTheOldBrowserWallboardShowed()
    {
        // The seed wallboard: active calls with a trend, calls waiting, available agents, average wait, agent status
        // for every agent, queue status for several queues, recent call activity, dark theme, refresh every few seconds.
        var activeCalls = _wallboard.PanelWithTarget("pbx_calls_active");
        Assert.Equal("stat", activeCalls.Type);
        Assert.Equal("area", (string?)activeCalls.Json["options"]?["graphMode"]);
        Assert.Contains("GROUP BY time($__interval)", activeCalls.Targets[0].Query, StringComparison.Ordinal);

        Assert.Equal("stat", _wallboard.PanelWithTarget("pbx_calls_waiting").Type);
        Assert.Equal("stat", _wallboard.PanelWithTarget("pbx_agents_available").Type);
        foreach (var state in new[] { "pbx_agents_on_call", "pbx_agents_away", "pbx_agents_logged_out" })
            Assert.Equal("stat", _wallboard.PanelWithTarget(state).Type);
        Assert.Equal("s", (string?)_wallboard.PanelWithTarget("total_asa").Defaults?["unit"]);

        var agents = _wallboard.PanelWithTarget("agent_status");
        var mapped = (agents.Defaults?["mappings"] as JsonArray)?[0]?["options"] as JsonObject;
        Assert.NotNull(mapped);
        Assert.Equal(["0", "1", "2", "3", "4", "5"], mapped!.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.All(mapped, kv => Assert.False(string.IsNullOrEmpty((string?)kv.Value?["color"])));

        var recent = _wallboard.PanelWithTarget("recent_calls");
        Assert.Equal("table", recent.Type);
        Assert.Contains("ORDER BY time DESC LIMIT", recent.Targets[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public void TheQueueSlaHistoryCanBeReadPerHourDayWeekAndThirtyDays()
    {
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var interval = sla.Variable("interval");

        Assert.Equal("custom", interval.Type);
        Assert.Equal(["1h", "1d", "1w", "30d"], interval.CustomValues());
        var perPeriod = sla.QueryPanels.SelectMany(p => p.Targets).Where(t => t.RefId.StartsWith("per_", StringComparison.Ordinal) || t.RefId.StartsWith("export_", StringComparison.Ordinal)).ToArray();
        Assert.Equal(18, perPeriod.Length);
        Assert.All(perPeriod, t => Assert.Contains("GROUP BY time($interval, 4d)", t.Query, StringComparison.Ordinal));
        Assert.Equal("heatmap", sla.PanelWithTarget("hourly_volume").Type);
    }

    [Fact]
    public void TheQueueSlaTitlesNameThePeriodInWordsNotAsAnInterval()
    {
        // ${interval:text} is the option's text ("day"); $interval would print its value ("1d").
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var row = Assert.Single(sla.Panels, p => p.Type == "row" && p.Title.StartsWith("Per queue per ", StringComparison.Ordinal));

        Assert.Equal("Per queue per ${interval:text}", row.Title);
        Assert.Contains("day : 1d", sla.Variable("interval").Query, StringComparison.Ordinal);
        Assert.All(sla.Panels, p => Assert.DoesNotMatch(@"\$interval\b|\$\{interval\}|\[\[interval\]\]", p.Title));
    }
}
