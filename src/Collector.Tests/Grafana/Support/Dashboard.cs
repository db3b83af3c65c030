using System.Text.Json.Nodes;

namespace Collector.Tests.Grafana.Support;

/// <summary>A Grafana dashboard JSON file, read the way Grafana lays it out (panels, rows, repeats, variables).</summary>
public sealed class Dashboard
{
    Dashboard(string path, JsonObject json)
    {
        Path = path;
        Json = json;
        Panels = Flatten(json["panels"] as JsonArray ?? []).ToArray();
        Variables = (json["templating"]?["list"] as JsonArray ?? []).OfType<JsonObject>().Select(v => new DashboardVariable(v)).ToArray();
    }

    public string Path { get; }

    public JsonObject Json { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    public string? Uid => (string?)Json["uid"];

    public string? Title => (string?)Json["title"];

    /// <summary>Every panel, including those inside collapsed rows; rows themselves too.</summary>
    public IReadOnlyList<DashboardPanel> Panels { get; }

    public IReadOnlyList<DashboardVariable> Variables { get; }

    /// <summary>Panels that run queries (not rows or text).</summary>
    public IEnumerable<DashboardPanel> QueryPanels => Panels.Where(p => p.Targets.Count > 0);

    public string TimeFrom => (string?)Json["time"]?["from"] ?? throw new InvalidDataException($"{FileName} has no time.from.");

    public string TimeTo => (string?)Json["time"]?["to"] ?? throw new InvalidDataException($"{FileName} has no time.to.");

    public DashboardVariable Variable(string name) =>
        Variables.SingleOrDefault(v => v.Name == name) ?? throw new InvalidOperationException($"{FileName} has no variable '{name}'.");

    /// <summary>The panel with the target of this refId (refIds are unique per dashboard).</summary>
    public DashboardPanel PanelWithTarget(string refId) =>
        QueryPanels.SingleOrDefault(p => p.Targets.Any(t => t.RefId == refId))
        ?? throw new InvalidOperationException($"{FileName} has no single panel with target '{refId}'.");

    public static Dashboard Load(string path) =>
        new(path, GrafanaFiles.LoadJson(path) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object."));

    /// <summary>
    /// Top-level panels in order; a row's own <c>panels</c> (a collapsed row) follow it. Panels after an expanded
    /// row belong to it up to the next row, so they inherit its <c>repeat</c>.
    /// </summary>
    static IEnumerable<DashboardPanel> Flatten(JsonArray panels)
    {
        string? rowRepeat = null;
        foreach (var node in panels.OfType<JsonObject>())
        {
            var panel = new DashboardPanel(node, null);
            if (panel.Type == "row")
            {
                rowRepeat = panel.Repeat;
                yield return panel;
                foreach (var inner in (node["panels"] as JsonArray ?? []).OfType<JsonObject>())
                    yield return new DashboardPanel(inner, rowRepeat);
                continue;
            }
            yield return new DashboardPanel(node, rowRepeat);
        }
    }
}

/// <summary>One panel; <see cref="RowRepeat"/> is the variable its row repeats by, if any.</summary>
public sealed class DashboardPanel(JsonObject json, string? rowRepeat)
{
    public JsonObject Json { get; } = json;

    public string Type => (string?)Json["type"] ?? "";

    public string Title => (string?)Json["title"] ?? "";

    public int? Id => (int?)Json["id"];

    public string? Repeat => (string?)Json["repeat"];

    public string? RowRepeat { get; } = rowRepeat;

    /// <summary>The variable this panel is repeated by (its own <c>repeat</c> or its row's).</summary>
    public string? RepeatedBy => Repeat ?? RowRepeat;

    /// <summary>The panel's minimum interval (<c>interval</c>), e.g. <c>1m</c>.</summary>
    public string? MinInterval => (string?)Json["interval"];

    /// <summary>Relative time override (<c>timeFrom</c>), e.g. <c>31d</c>.</summary>
    public string? TimeFromOverride => (string?)Json["timeFrom"];

    public JsonNode? Datasource => Json["datasource"];

    public JsonObject? Defaults => Json["fieldConfig"]?["defaults"] as JsonObject;

    public string? NoValue => (string?)Defaults?["noValue"];

    /// <summary>The threshold steps' values (the base step's null included) of the panel defaults.</summary>
    public IReadOnlyList<double?> ThresholdValues =>
        (Defaults?["thresholds"]?["steps"] as JsonArray ?? []).Select(s => (double?)s?["value"]).ToArray();

    public IReadOnlyList<string> ThresholdColors =>
        (Defaults?["thresholds"]?["steps"] as JsonArray ?? []).Select(s => (string?)s?["color"] ?? "").ToArray();

    public IReadOnlyList<PanelTarget> Targets { get; } =
        (json["targets"] as JsonArray ?? []).OfType<JsonObject>().Select(t => new PanelTarget(t)).ToArray();

    public override string ToString() => $"panel {Id} '{Title}'";
}

/// <summary>One query of a panel.</summary>
public sealed class PanelTarget(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string RefId => (string?)Json["refId"] ?? "";

    public string Query => (string?)Json["query"] ?? "";

    public bool RawQuery => (bool?)Json["rawQuery"] == true;

    public string ResultFormat => (string?)Json["resultFormat"] ?? "time_series";

    public JsonNode? Datasource => Json["datasource"];
}

/// <summary>One template variable.</summary>
public sealed class DashboardVariable(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string Name => (string?)Json["name"] ?? "";

    public string Type => (string?)Json["type"] ?? "";

    /// <summary>A query variable's InfluxQL, or a custom variable's option list.</summary>
    public string Query => Json["query"] switch
    {
        JsonValue value => (string?)value ?? "",
        JsonObject obj => (string?)obj["query"] ?? "",
        _ => "",
    };

    public bool Multi => (bool?)Json["multi"] == true;

    public bool IncludeAll => (bool?)Json["includeAll"] == true;

    public JsonNode? Datasource => Json["datasource"];

    /// <summary>A custom variable's values: <c>text : value</c> pairs or plain values, comma-separated.</summary>
    public IReadOnlyList<string> CustomValues() =>
        Query.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(option => option.Contains(" : ", StringComparison.Ordinal) ? option[(option.IndexOf(" : ", StringComparison.Ordinal) + 3)..].Trim() : option)
            .ToArray();

    /// <summary>The value selected when the dashboard opens (<c>current.value</c>).</summary>
    public string? CurrentValue => Json["current"]?["value"] switch
    {
        JsonValue value => (string?)value,
        JsonArray array => (string?)array.FirstOrDefault(),
        _ => null,
    };
}
