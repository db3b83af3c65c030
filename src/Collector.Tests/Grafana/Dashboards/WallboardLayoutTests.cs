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
        Assert.Equal("", (string?)_wallboard.Json["timezone"]);
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
    [InlineData("total_asa")]
    [InlineData("total_abandon_rate")]
    [InlineData("pbx_agents_available")]
    [InlineData("queue_agents_available")]
    public void KpiTilesShowTheirThresholdColourAsTheTileBackground(string refId) =>
        Assert.Equal("background", (string?)_wallboard.PanelWithTarget(refId).Json["options"]?["colorMode"]);

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
    public void LiveTilesReadTheNewestSnapshotFromTwoMinutesAgoToOneMinuteAheadAndGoBlankRatherThanShowAStaleNumber(string refId)
    {
        // A panel's relative time (timeFrom) always ends at Grafana's now, so a snapshot stamped by a PBX clock a few
        // seconds ahead would be left out: the window is InfluxDB's now() − 2m … now() + 1m inside the day instead.
        var panel = _wallboard.PanelWithTarget(refId);

        Assert.Null(panel.TimeFromOverride);
        Assert.Null(panel.Json["timeShift"]);
        Assert.Contains("AND $timeFilter AND time >= now() - 2m AND time <= now() + 1m", panel.Targets.Single().Query, StringComparison.Ordinal);
        Assert.StartsWith("SELECT last(", panel.Targets.Single().Query, StringComparison.Ordinal);
        Assert.NotNull(panel.NoValue);
        Assert.DoesNotContain(panel.NoValue!, new[] { "0", "" });
    }

    [Fact]
    public void EachQueueGetsItsOwnColumnOfWaitingLongestWaitAgentsAvailableAndServiceLevel()
    {
        string[] perQueue = ["queue_waiting", "queue_longest_wait", "queue_agents_available", "queue_sl"];

        var bands = perQueue.Select(_wallboard.PanelWithTarget).ToArray();
        Assert.All(bands, p => Assert.Equal(("queue", "h"), (p.Repeat, (string?)p.Json["repeatDirection"])));
        // One band per KPI, one above the other, the same columns: the top band names the queue.
        Assert.Equal(bands.Select(p => (int)p.Json["gridPos"]!["y"]!).Order(), bands.Select(p => (int)p.Json["gridPos"]!["y"]!));
        Assert.Contains("${__field.labels.queue_name}", (string?)bands[0].Defaults?["displayName"], StringComparison.Ordinal);
        Assert.Equal(perQueue, _wallboard.QueryPanels.Where(p => p.RepeatedBy == "queue").SelectMany(p => p.Targets).Select(t => t.RefId));
    }

    [Fact]
    public void TilesUseExplicitTextLargeEnoughToReadAcrossTheRoomWithTheirLabelInsideTheTile()
    {
        // At 5 m a 55-inch 1080p TV shows about 0.63 mm per pixel; a panel title (about 14 px) is unreadable there, so
        // every tile carries its label inside, at a set size, and its number larger still.
        var tiles = _wallboard.QueryPanels.Where(p => p.Type == "stat" && p.Targets.Single().RefId != "agent_status").ToArray();

        Assert.Equal(17, tiles.Length);
        Assert.All(tiles, tile =>
        {
            Assert.Equal("value_and_name", (string?)tile.Json["options"]?["textMode"]);
            Assert.False(string.IsNullOrEmpty((string?)tile.Defaults?["displayName"]), $"{tile}: no label");
            Assert.InRange((int?)tile.Json["options"]?["text"]?["titleSize"] ?? 0, 18, 40);
            Assert.InRange((int?)tile.Json["options"]?["text"]?["valueSize"] ?? 0, 44, 120);
        });
    }

    [Fact]
    public void TheAgentGridLetsGrafanaSizeTheTextToEachTileAsTheNumberOfAgentsVaries()
    {
        // A fixed size fits one number of agents only: too small with few (the former 18/22 px), cut off with many.
        var agents = _wallboard.PanelWithTarget("agent_status");

        Assert.Null(agents.Json["options"]?["text"]);
        Assert.Equal("value_and_name", (string?)agents.Json["options"]?["textMode"]);
        Assert.Equal("background", (string?)agents.Json["options"]?["colorMode"]);
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
        Assert.Equal(19, perPeriod.Length);   // 9 graphs and 10 export columns (sl_threshold_s included)
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
