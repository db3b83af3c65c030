using System.Text.Json;

namespace Collector.Tests.Grafana.Support;

/// <summary>One panel query as Grafana would send it: the panel, the target, the selection and the expanded text.</summary>
public sealed record PlannedQuery(
    DashboardPanel Panel,
    PanelTarget Target,
    IReadOnlyDictionary<string, string[]> Selection,
    DateTimeOffset From,
    DateTimeOffset To,
    string Expanded)
{
    public override string ToString() =>
        $"{Panel} target {Target.RefId} [{string.Join(", ", Selection.Select(kv => $"{kv.Key}={string.Join("|", kv.Value)}"))}]: {Expanded}";
}

/// <summary>
/// Plays Grafana for a dashboard against a real influxd: resolves the template variables by running their queries,
/// then plans every panel target for a selection (All by default; one run per value for repeated rows), expands the
/// macros (<see cref="InfluxQlMacros"/>) for the dashboard's time range at a chosen "now" in the viewer's time zone
/// (Grafana's default time zone; UTC unless given), and runs them.
/// </summary>
public sealed class DashboardQueryRunner(HttpClient influx, string database, DateTimeOffset now, TimeZoneInfo? zone = null)
{
    /// <summary>The time zone Grafana resolves the dashboards' relative ranges in (<c>now/d</c> is its midnight).</summary>
    public TimeZoneInfo Zone { get; } = zone ?? TimeZoneInfo.Utc;

    /// <summary>The datasource's minimum interval (<c>jsonData.timeInterval</c> in grafana/provisioning/datasources).</summary>
    public const string DatasourceMinInterval = "5s";

    public DateTimeOffset Now { get; } = now;

    /// <summary>Every option of every variable, in the dashboard's order (query variables see the earlier ones as All).</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ResolveVariablesAsync(Dashboard dashboard)
    {
        var options = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (from, to) = Range(dashboard, null);
        foreach (var variable in dashboard.Variables)
        {
            if (variable.Type == "custom")
            {
                options[variable.Name] = variable.CustomValues().ToArray();
                continue;
            }
            if (variable.Type != "query") throw new NotSupportedException($"{dashboard.FileName}: variable type '{variable.Type}' is not played by the tests.");
            var query = InfluxQlMacros.Expand(variable.Query, from, to, TimeSpan.FromSeconds(5), options);
            var result = await RunAsync(query);
            if (result.Error is not null) throw new InvalidOperationException($"{dashboard.FileName}: variable ${variable.Name} query failed: {result.Error}\n{query}");
            options[variable.Name] = result.Series.SelectMany(s => s.Rows).Select(r => r[^1].GetString() ?? "")
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        }
        return options;
    }

    /// <summary>
    /// The selection a viewer gets by default: All for multi-value variables, the current value of the others.
    /// </summary>
    public static Dictionary<string, string[]> DefaultSelection(Dashboard dashboard, IReadOnlyDictionary<string, string[]> options) =>
        dashboard.Variables.ToDictionary(
            v => v.Name,
            v => v.IncludeAll ? options[v.Name] : [v.CurrentValue ?? options[v.Name][0]],
            StringComparer.Ordinal);

    /// <summary>
    /// Every target of every query panel for <paramref name="selection"/>; a panel repeated by a variable is planned
    /// once per option of that variable, as Grafana draws one copy per value.
    /// </summary>
    public IEnumerable<PlannedQuery> Plan(Dashboard dashboard, IReadOnlyDictionary<string, string[]> selection, IReadOnlyDictionary<string, string[]> options)
    {
        foreach (var panel in dashboard.QueryPanels)
        {
            var (from, to) = Range(dashboard, panel.TimeFromOverride);
            var interval = GrafanaTime.AutoInterval(from, to, panel.MinInterval ?? DatasourceMinInterval);
            IEnumerable<IReadOnlyDictionary<string, string[]>> selections = panel.RepeatedBy is { } repeat
                ? options[repeat].Select(value => With(selection, repeat, value))
                : [selection];
            foreach (var chosen in selections)
                foreach (var target in panel.Targets)
                    yield return new PlannedQuery(panel, target, chosen, from, to, InfluxQlMacros.Expand(target.Query, from, to, interval, chosen));
        }
    }

    /// <summary>
    /// The dashboard's time range at <see cref="Now"/>, or a panel's relative override (<c>timeFrom</c>), in the
    /// dashboard's time zone: its own <c>"timezone"</c> when it names one (<c>utc</c>, an IANA zone), else (<c>""</c>, Default,
    /// or <c>browser</c>) the viewer's, <see cref="Zone"/>.
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To) Range(Dashboard dashboard, string? timeFromOverride)
    {
        var zone = ZoneOf(dashboard);
        return timeFromOverride is null
            ? (GrafanaTime.Resolve(dashboard.TimeFrom, Now, roundUp: false, zone), GrafanaTime.Resolve(dashboard.TimeTo, Now, roundUp: true, zone))
            : (GrafanaTime.OverrideStart(timeFromOverride, Now, zone), Now);
    }

    TimeZoneInfo ZoneOf(Dashboard dashboard) => (string?)dashboard.Json["timezone"] switch
    {
        null or "" or "browser" => Zone,
        "utc" => TimeZoneInfo.Utc,
        var id => TimeZoneInfo.FindSystemTimeZoneById(id),
    };

    /// <summary>
    /// The one query of panel target <paramref name="refId"/> as Grafana would plan it with the dashboard's default
    /// selection, <paramref name="overrides"/> applied; for a panel repeated per queue, the one of <paramref name="queue"/>.
    /// </summary>
    public async Task<PlannedQuery> PlanOneAsync(Dashboard dashboard, string refId, string? queue = null, IReadOnlyDictionary<string, string[]>? overrides = null)
    {
        var options = await ResolveVariablesAsync(dashboard);
        var selection = DefaultSelection(dashboard, options);
        foreach (var (name, values) in overrides ?? new Dictionary<string, string[]>())
            selection[name] = values;
        return Assert.Single(Plan(dashboard, selection, options),
            p => p.Target.RefId == refId && (queue is null || p.Selection["queue"].SequenceEqual([queue])));
    }

    /// <summary>Runs a planned query and returns its series; an InfluxQL error fails the test with the query.</summary>
    public async Task<IReadOnlyList<InfluxSeries>> SeriesAsync(PlannedQuery query)
    {
        var result = await RunAsync(query.Expanded);
        Assert.True(result.Error is null, $"{query}: {result.Error}");
        return result.Series;
    }

    /// <summary>
    /// Runs one statement (POST, as the datasource's httpMode), times in epoch milliseconds. InfluxQL's <c>now()</c> is
    /// <see cref="Now"/> (<see cref="InfluxQlMacros.PinNow"/>) unless <paramref name="pinNow"/> is false.
    /// </summary>
    public async Task<InfluxQueryResult> RunAsync(string query, bool pinNow = true)
    {
        var sent = pinNow ? InfluxQlMacros.PinNow(query, Now) : query;
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = database, ["q"] = sent, ["epoch"] = "ms" });
        using var response = await influx.PostAsync("query", content);
        var body = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(body);
        return InfluxQueryResult.Parse(sent, doc.RootElement);
    }

    static IReadOnlyDictionary<string, string[]> With(IReadOnlyDictionary<string, string[]> selection, string name, string value) =>
        new Dictionary<string, string[]>(selection, StringComparer.Ordinal) { [name] = [value] };
}
