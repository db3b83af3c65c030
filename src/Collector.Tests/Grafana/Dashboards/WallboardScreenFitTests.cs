using System.Text.Json.Nodes;
using Collector.Tests.Grafana.Support;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// The wallboard is for a 1920×1080 TV in kiosk mode, which cannot scroll: laid out as Grafana 12 draws it
/// (<see cref="GrafanaGridLayout"/>), with the queues a team shows, it fits the screen's height.
/// </summary>
public sealed class WallboardScreenFitTests
{
    /// <summary>
    /// The height a 1080p TV gives the grid in Grafana 12's kiosk mode with the kiosk URL's <c>_dash.hide…</c> parameters:
    /// 1080 px, less the 16 px spacer Grafana draws where the hidden controls were (DashboardControls: a Box with padding 1),
    /// the body's 1 px top padding and its 16 px bottom padding (theme.spacing(0.125, 2, 2, 2)). Menus are gone in kiosk mode.
    /// </summary>
    public const int KioskBudgetPx = 1080 - 16 - 1 - 16;

    readonly Dashboard _wallboard = GrafanaFiles.Dashboard("threecx-wallboard");

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    public void TheWholeWallboardFitsOneKioskTvScreenWithoutScrolling(int queues)
    {
        var boxes = GrafanaGridLayout.Layout(_wallboard.Json, new Dictionary<string, int> { ["queue"] = queues, ["pbx"] = 1 });
        var rows = GrafanaGridLayout.Rows(boxes);
        var pixels = GrafanaGridLayout.Pixels(rows);

        Assert.True(pixels <= KioskBudgetPx, $"With {queues} queues the wallboard is {rows} grid rows = {pixels} px tall; a kiosk TV shows {KioskBudgetPx} px.");
        Assert.Equal(27, rows);   // docs/dashboards.md gives this height; change both together
    }

    [Fact]
    public void EveryPanelRepeatedPerQueueRunsAcrossTheFullWidthWithRoomForEightQueuesOnOneLine()
    {
        // Grafana 12 draws a horizontally repeated panel 24 columns wide whatever its JSON says, so the JSON says so too
        // (the overlap test then sees the real layout); eight copies to a line keep the height the same up to eight queues.
        var repeated = _wallboard.Panels.Where(p => p.Repeat == "queue").ToArray();

        Assert.NotEmpty(repeated);
        Assert.DoesNotContain(_wallboard.Panels, p => p.Type == "row" && p.Repeat is not null);
        Assert.All(repeated, p =>
        {
            Assert.Equal("h", (string?)p.Json["repeatDirection"]);
            Assert.Equal(8, (int?)p.Json["maxPerRow"]);
            Assert.Equal(0, (int?)p.Json["gridPos"]?["x"]);
            Assert.Equal(GrafanaGridLayout.Columns, (int?)p.Json["gridPos"]?["w"]);
        });
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(4, 46)]
    [InlineData(8, 70)]
    public void TheFormerRowPerQueueLayoutDidNotFitFromTheSecondQueueOn(int queues, int expectedRows)
    {
        // The grid of the wallboard before the TV redesign: 5 + 4 rows of totals, a row repeated per queue (header and
        // 5 rows of tiles), agents and recent calls (header and 11 rows), a collapsed "About" row.
        var former = Grid(
            """
            [ { "type": "stat", "gridPos": { "x": 0, "y": 0, "w": 4, "h": 5 } },
              { "type": "stat", "gridPos": { "x": 4, "y": 0, "w": 20, "h": 5 } },
              { "type": "stat", "gridPos": { "x": 0, "y": 5, "w": 24, "h": 4 } },
              { "type": "row", "repeat": "queue", "collapsed": false, "gridPos": { "x": 0, "y": 9, "w": 24, "h": 1 } },
              { "type": "stat", "gridPos": { "x": 0, "y": 10, "w": 3, "h": 5 } },
              { "type": "stat", "gridPos": { "x": 3, "y": 10, "w": 21, "h": 5 } },
              { "type": "row", "collapsed": false, "gridPos": { "x": 0, "y": 15, "w": 24, "h": 1 } },
              { "type": "stat", "gridPos": { "x": 0, "y": 16, "w": 12, "h": 11 } },
              { "type": "table", "gridPos": { "x": 12, "y": 16, "w": 12, "h": 11 } },
              { "type": "row", "collapsed": true, "gridPos": { "x": 0, "y": 27, "w": 24, "h": 1 },
                "panels": [ { "type": "text", "gridPos": { "x": 0, "y": 28, "w": 24, "h": 14 } } ] } ]
            """);

        var rows = GrafanaGridLayout.Rows(GrafanaGridLayout.Layout(former, new Dictionary<string, int> { ["queue"] = queues }));

        Assert.Equal(expectedRows, rows);
        Assert.True(GrafanaGridLayout.Pixels(rows) > KioskBudgetPx);
    }

    [Theory]
    [InlineData(1, 8, 3)]
    [InlineData(8, 8, 3)]
    [InlineData(9, 8, 6)]
    [InlineData(5, null, 6)]   // without maxPerRow Grafana puts 4 to a line
    public void AHorizontalRepeatSpansTheWidthAndWrapsAtMaxPerRow(int values, int? maxPerRow, int expectedRows)
    {
        var perRow = maxPerRow is null ? "" : $", \"maxPerRow\": {maxPerRow}";
        var grid = Grid($$"""
            [ { "type": "stat", "repeat": "queue", "repeatDirection": "h"{{perRow}}, "gridPos": { "x": 6, "y": 0, "w": 6, "h": 3 } },
              { "type": "stat", "gridPos": { "x": 0, "y": 3, "w": 24, "h": 2 } } ]
            """);

        var boxes = GrafanaGridLayout.Layout(grid, new Dictionary<string, int> { ["queue"] = values });

        Assert.Equal(new GridBox(boxes[0].Name, 0, 0, 24, expectedRows), boxes[0]);
        Assert.Equal(expectedRows, boxes[1].Y);
        Assert.Equal(expectedRows + 2, GrafanaGridLayout.Rows(boxes));
    }

    [Fact]
    public void AVerticalRepeatStacksOneCopyPerValueAndPushesWhatIsBelowItDown()
    {
        var grid = Grid("""
            [ { "type": "stat", "repeat": "queue", "repeatDirection": "v", "gridPos": { "x": 0, "y": 0, "w": 12, "h": 2 } },
              { "type": "stat", "gridPos": { "x": 12, "y": 0, "w": 12, "h": 4 } },
              { "type": "stat", "gridPos": { "x": 0, "y": 2, "w": 24, "h": 1 } } ]
            """);

        var boxes = GrafanaGridLayout.Layout(grid, new Dictionary<string, int> { ["queue"] = 3 });

        Assert.Equal(6, boxes.Single(b => b.W == 12 && b.X == 0).H);
        Assert.Equal(6, boxes.Single(b => b.W == 24).Y);
        Assert.Equal(7, GrafanaGridLayout.Rows(boxes));
    }

    [Fact]
    public void ACollapsedRowIsOneGridRowAndGapsCloseUpwards()
    {
        var grid = Grid("""
            [ { "type": "stat", "gridPos": { "x": 0, "y": 0, "w": 24, "h": 2 } },
              { "type": "row", "collapsed": true, "gridPos": { "x": 0, "y": 9, "w": 24, "h": 1 },
                "panels": [ { "type": "text", "gridPos": { "x": 0, "y": 10, "w": 24, "h": 20 } } ] } ]
            """);

        var rows = GrafanaGridLayout.Rows(GrafanaGridLayout.Layout(grid, new Dictionary<string, int>()));

        Assert.Equal(3, rows);
        Assert.Equal(106, GrafanaGridLayout.Pixels(rows));
    }

    static JsonObject Grid(string panels) => new() { ["panels"] = JsonNode.Parse(panels) };
}
