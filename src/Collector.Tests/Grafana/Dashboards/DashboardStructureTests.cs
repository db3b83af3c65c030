using System.Text.Json.Nodes;
using Collector.Tests.Grafana.Support;

namespace Collector.Tests.Grafana.Dashboards;

public sealed class DashboardStructureTests
{
    static readonly string[] ExpectedUids = ["threecx-agents", "threecx-collector-health", "threecx-queue-sla", "threecx-wallboard"];

    public static TheoryData<string> DashboardFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in GrafanaFiles.DashboardPaths()) data.Add(Path.GetFileName(path));
        return data;
    }

    static Dashboard Load(string file) => Dashboard.Load(Path.Combine(GrafanaFiles.DashboardsDirectory, file));

    [Fact]
    public void EveryDashboardHasItsFixedUidAndNoUidIsUsedTwice()
    {
        var uids = GrafanaFiles.Dashboards().Select(d => d.Uid).ToArray();

        Assert.Equal(ExpectedUids, uids.Order(StringComparer.Ordinal));
        Assert.Equal(uids.Length, uids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void EveryDatasourceReferenceIsTheProvisionedInfluxDatasource(string file)
    {
        var dashboard = Load(file);
        var references = DatasourceReferences(dashboard.Json).ToArray();

        Assert.NotEmpty(references);
        foreach (var (path, node) in references)
        {
            Assert.True(node is JsonObject, $"{file} {path}: a datasource must be an object reference, not {node?.ToJsonString() ?? "null"}");
            Assert.Equal("influxdb", (string?)node!["type"]);
            Assert.Equal(GrafanaFiles.DatasourceUid, (string?)node["uid"]);
        }
        foreach (var panel in dashboard.QueryPanels)
        {
            Assert.NotNull(panel.Datasource);
            Assert.All(panel.Targets, t => Assert.NotNull(t.Datasource));
        }
        Assert.All(dashboard.Variables.Where(v => v.Type == "query"), v => Assert.NotNull(v.Datasource));
        Assert.DoesNotContain("${DS_", dashboard.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(dashboard.Json["__inputs"]);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void EveryDashboardHasPbxAndQueueVariablesFromTheTagsInInfluxDb(string file)
    {
        var dashboard = Load(file);

        var pbx = dashboard.Variable("pbx");
        Assert.Equal("query", pbx.Type);
        Assert.Equal("SHOW TAG VALUES WITH KEY = \"pbx\"", pbx.Query);
        var queue = dashboard.Variable("queue");
        Assert.Equal("query", queue.Type);
        Assert.Equal("SHOW TAG VALUES WITH KEY = \"queue\" WHERE \"pbx\" =~ /^$pbx$/", queue.Query);
        Assert.All([pbx, queue], v => Assert.True(v.Multi && v.IncludeAll, $"{file}: ${v.Name} must allow several values and All"));
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void EveryDashboardDeclaresItsTimeZoneAndTheKpiDefinitionsInForce(string file)
    {
        var dashboard = Load(file);
        var text = string.Join("\n", dashboard.Panels.Where(p => p.Type == "text").Select(p => (string?)p.Json["options"]?["content"] ?? ""));

        // "" is Grafana's "Default": the viewer's or organisation's preference, else default_timezone (TIME_ZONE in .env).
        Assert.Equal("", (string?)dashboard.Json["timezone"]);
        foreach (var phrase in new[]
                 {
                     "**T**", "`Sla__ThresholdSeconds`", "**S**", "`Sla__ShortAbandonSeconds`", "`Sla__Formula`", "AbandonsNegative",
                     "`mean(sl_met) * 100` where `sl_eligible = 1`", "`mean(wait_s)` where `answered = 1`",
                     "`mean(talk_s)` where `answered = 1`", "no hold or wrap-up", "`count(wait_s)` where `short_abandon = 0`",
                     "`max(wait_s)`", "`Reporting__TimeZone`", "`TIME_ZONE`", "local midnight", "Monday 00:00", "daylight-saving",
                 })
            Assert.Contains(phrase, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void EveryDashboardReadsTheCollectorsTimeZoneAndEveryTimeBucketUsesIt(string file)
    {
        var dashboard = Load(file);
        var zone = dashboard.Variable("timezone");

        Assert.Equal("query", zone.Type);
        Assert.Equal("SELECT last(\"time_zone\") FROM \"collector\" WHERE \"job\" = 'calllog_sync'", zone.Query);
        Assert.False(zone.Multi || zone.IncludeAll, $"{file}: $timezone is one zone");
        Assert.Null(zone.CurrentValue);
        var bucketed = dashboard.QueryPanels.SelectMany(p => p.Targets).Where(t => t.Query.Contains("GROUP BY time(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bucketed);
        Assert.All(bucketed, t => Assert.EndsWith(" tz('$timezone')", t.Query, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("queue-sla.json")]
    [InlineData("wallboard.json")]
    public void TheServiceLevelDashboardsSayEachQueueHasItsOwnThresholdAndThatTheWaitRunsToTheAnswer(string file)
    {
        var dashboard = Load(file);
        var text = string.Join("\n", dashboard.Panels.Where(p => p.Type == "text").Select(p => (string?)p.Json["options"]?["content"] ?? ""));

        foreach (var phrase in new[] { "**per queue**", "`Sla__Queues__<DN>__ThresholdSeconds`", "**SLATime**", "`Sla__ThresholdSeconds`", "`sl_threshold_s`", "**answers**" })
            Assert.Contains(phrase, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void EveryTargetIsRawInfluxQlBoundedByTheTimeRangeAndFilteredByTheVariables(string file)
    {
        var dashboard = Load(file);

        Assert.NotEmpty(dashboard.QueryPanels);
        foreach (var panel in dashboard.QueryPanels)
            foreach (var target in panel.Targets)
            {
                var where = $"{file} {panel} target {target.RefId}";
                Assert.True(target.RawQuery, $"{where}: must be a raw query (rawQuery: true), so the tests run exactly what Grafana sends");
                Assert.StartsWith("SELECT ", target.Query, StringComparison.Ordinal);
                Assert.Contains("$timeFilter", target.Query, StringComparison.Ordinal);
                Assert.Contains("\"pbx\" =~ /^$pbx$/", target.Query, StringComparison.Ordinal);
                if (target.Query.Contains("FROM \"queue_", StringComparison.Ordinal))
                    Assert.Contains("\"queue\" =~ /^$queue$/", target.Query, StringComparison.Ordinal);
            }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void KpiQueriesComputeWhatTheProductDefines(string file)
    {
        var rules = new (string Aggregate, string RequiredFilter)[]
        {
            ("mean(\"sl_met\") * 100", "\"sl_eligible\" = 1"),
            ("count(\"wait_s\")", "\"short_abandon\" = 0"),
            ("sum(\"abandoned\")", "\"short_abandon\" = 0"),
            ("mean(\"abandoned\") * 100", "\"short_abandon\" = 0"),
            ("mean(\"wait_s\")", "\"answered\" = 1"),
            ("mean(\"talk_s\")", "\"answered\" = 1"),
        };
        var queueCallTargets = Load(file).QueryPanels.SelectMany(p => p.Targets)
            .Where(t => t.Query.Contains("FROM \"queue_call\"", StringComparison.Ordinal)).ToArray();

        foreach (var target in queueCallTargets)
        {
            foreach (var (aggregate, filter) in rules)
                if (target.Query.Contains(aggregate, StringComparison.Ordinal))
                    Assert.True(target.Query.Contains(filter, StringComparison.Ordinal), $"{file} target {target.RefId}: {aggregate} needs {filter}: {target.Query}");
            if (target.Query.Contains("mean(\"sl_met\")", StringComparison.Ordinal))
                Assert.Contains("mean(\"sl_met\") * 100", target.Query, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void TargetRefIdsAreUniqueWithinADashboard(string file)
    {
        var refIds = Load(file).QueryPanels.SelectMany(p => p.Targets).Select(t => t.RefId).ToArray();

        Assert.All(refIds, r => Assert.False(string.IsNullOrWhiteSpace(r)));
        Assert.Equal(refIds.Length, refIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void PanelsDoNotOverlapAndFitTheGrid(string file)
    {
        var dashboard = Load(file);
        var nested = dashboard.Panels.Where(p => p.Type == "row").SelectMany(r => (r.Json["panels"] as JsonArray ?? []).OfType<JsonObject>()).ToHashSet();
        var placed = dashboard.Panels.Where(p => !nested.Contains(p.Json)).Select(p => (Panel: p, Box: Box(p))).ToArray();

        Assert.All(placed, p => Assert.True(p.Box.X >= 0 && p.Box.X + p.Box.W <= 24 && p.Box.W > 0 && p.Box.H > 0, $"{file} {p.Panel}: outside the 24-column grid"));
        for (var i = 0; i < placed.Length; i++)
            for (var j = i + 1; j < placed.Length; j++)
                Assert.False(Overlap(placed[i].Box, placed[j].Box), $"{file}: {placed[i].Panel} overlaps {placed[j].Panel}");
        var ids = dashboard.Panels.Select(p => p.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void PanelsThatMayStayEmptySayWhy(string file)
    {
        foreach (var panel in Load(file).QueryPanels.Where(p => p.Targets.Any(t => DashboardExpectations.MayBeEmpty.Contains(t.RefId))))
            Assert.False(string.IsNullOrWhiteSpace(panel.NoValue), $"{file} {panel}: may be empty, so it needs a noValue text");
    }

    static IEnumerable<(string Path, JsonNode? Node)> DatasourceReferences(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "datasource") yield return ($"{path}.{key}", value);
                    foreach (var inner in DatasourceReferences(value, $"{path}.{key}")) yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    foreach (var inner in DatasourceReferences(array[i], $"{path}[{i}]")) yield return inner;
                break;
        }
    }

    static (int X, int Y, int W, int H) Box(DashboardPanel panel)
    {
        var grid = panel.Json["gridPos"] ?? throw new InvalidDataException($"{panel} has no gridPos.");
        return ((int)grid["x"]!, (int)grid["y"]!, (int)grid["w"]!, (int)grid["h"]!);
    }

    static bool Overlap((int X, int Y, int W, int H) a, (int X, int Y, int W, int H) b) =>
        a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
}
