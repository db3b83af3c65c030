using System.Text.Json.Nodes;

namespace Collector.Tests.Grafana.Support;

/// <summary>One panel or row as drawn: its place on the 24-column grid, in grid units.</summary>
public sealed record GridBox(string Name, int X, int Y, int W, int H)
{
    public int Bottom => Y + H;
}

/// <summary>
/// Lays a dashboard out as Grafana 12 draws it (the scenes dashboard), for a given number of values of each repeat
/// variable, to know how tall it is on screen:
/// <list type="bullet">
/// <item>a panel repeated horizontally (<c>repeatDirection: h</c>) is drawn the full 24 columns wide, one copy per value
/// side by side, <c>maxPerRow</c> (default 4) to a line: its height is <c>ceil(values / maxPerRow) × h</c>;</item>
/// <item>a panel repeated vertically stacks its copies: <c>values × h</c>;</item>
/// <item>a repeated row draws its header and its panels once per value, one block under the other, and what follows
/// the row moves down;</item>
/// <item>a collapsed row is its one-unit header; then the grid compacts upwards as react-grid-layout does.</item>
/// </list>
/// A grid unit is 30 px high with 8 px between units (<see cref="Pixels"/>).
/// </summary>
public static class GrafanaGridLayout
{
    public const int Columns = 24;
    public const int RowHeightPx = 30;
    public const int MarginPx = 8;
    public const int DefaultMaxPerRow = 4;

    /// <summary>The height in pixels of <paramref name="rows"/> grid units: <c>rows × 30 + (rows − 1) × 8</c>.</summary>
    public static int Pixels(int rows) => rows <= 0 ? 0 : rows * RowHeightPx + (rows - 1) * MarginPx;

    /// <summary>How many grid units tall the laid-out dashboard is.</summary>
    public static int Rows(IEnumerable<GridBox> boxes) => boxes.Select(b => b.Bottom).DefaultIfEmpty(0).Max();

    /// <summary>The boxes Grafana draws when each repeat variable has the given number of values.</summary>
    public static IReadOnlyList<GridBox> Layout(JsonObject dashboard, IReadOnlyDictionary<string, int> valueCounts)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(valueCounts);
        var blocks = Blocks(dashboard["panels"] as JsonArray ?? []);

        // Each block (a row with its panels, or a panel outside any row) in document order; a repeated row's copies
        // follow it and push everything after it down by their height.
        var boxes = new List<GridBox>();
        var shift = 0;
        foreach (var block in blocks)
        {
            var items = block.Items.Select(item => Expand(item, valueCounts)).ToList();
            var copies = block.RowRepeat is { } variable ? Count(valueCounts, variable) : 1;
            var top = items.Min(b => b.Y);
            var height = items.Max(b => b.Bottom) - top;
            for (var copy = 0; copy < copies; copy++)
                boxes.AddRange(items.Select(b => b with { Y = b.Y + shift + copy * height }));
            shift += (copies - 1) * height;
        }
        return Compact(boxes);
    }

    sealed record Block(string? RowRepeat, List<JsonObject> Items);

    /// <summary>Top-level panels grouped as Grafana groups them: an expanded row owns the panels after it up to the next row.</summary>
    static List<Block> Blocks(JsonArray panels)
    {
        var blocks = new List<Block>();
        Block? row = null;
        foreach (var panel in panels.OfType<JsonObject>())
        {
            if ((string?)panel["type"] == "row")
            {
                // A collapsed row shows only its header; its own panels are drawn when someone opens it.
                row = new Block((string?)panel["repeat"], [panel]);
                blocks.Add(row);
                if ((bool?)panel["collapsed"] == true) row = null;
                continue;
            }
            if (row is not null) row.Items.Add(panel);
            else blocks.Add(new Block(null, [panel]));
        }
        return blocks;
    }

    static GridBox Expand(JsonObject panel, IReadOnlyDictionary<string, int> valueCounts)
    {
        var grid = panel["gridPos"] ?? throw new InvalidDataException($"Panel {panel["id"]} has no gridPos.");
        var box = new GridBox($"{panel["type"]} {panel["id"]} '{panel["title"]}'", (int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
        if ((string?)panel["type"] == "row" || (string?)panel["repeat"] is not { Length: > 0 } variable)
            return box;
        var values = Count(valueCounts, variable);
        if ((string?)panel["repeatDirection"] == "v")
            return box with { H = values * box.H };
        var maxPerRow = (int?)panel["maxPerRow"] ?? DefaultMaxPerRow;
        return box with { X = 0, W = Columns, H = (int)Math.Ceiling(values / (double)maxPerRow) * box.H };
    }

    static int Count(IReadOnlyDictionary<string, int> valueCounts, string variable) =>
        valueCounts.TryGetValue(variable, out var count) && count > 0
            ? count
            : throw new ArgumentException($"No value count for the repeat variable '{variable}'.", nameof(valueCounts));

    /// <summary>react-grid-layout's vertical compaction: by position, each box moves up until it would overlap one placed before it.</summary>
    static List<GridBox> Compact(List<GridBox> boxes)
    {
        var placed = new List<GridBox>();
        foreach (var box in boxes.Select((b, i) => (Box: b, Index: i)).OrderBy(b => b.Box.Y).ThenBy(b => b.Box.X).ThenBy(b => b.Index).Select(b => b.Box))
        {
            var at = box with { Y = Math.Min(box.Y, Rows(placed)) };
            while (at.Y > 0 && Collision(placed, at) is null)
                at = at with { Y = at.Y - 1 };
            while (Collision(placed, at) is { } other)
                at = at with { Y = other.Bottom };
            placed.Add(at);
        }
        return placed;
    }

    static GridBox? Collision(List<GridBox> placed, GridBox box) =>
        placed.FirstOrDefault(p => p.X < box.X + box.W && box.X < p.X + p.W && p.Y < box.Bottom && box.Y < p.Bottom);
}
