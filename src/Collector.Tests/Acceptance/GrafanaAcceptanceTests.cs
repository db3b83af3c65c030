using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Collector.Tests.Grafana.Alerting;
using Collector.Tests.Grafana.Dashboards;
using Collector.Tests.Grafana.Support;

namespace Collector.Tests.Acceptance;

/// <summary>
/// Opt-in acceptance tests with real images (docker-compose.yml's InfluxDB and Grafana, through Testcontainers):
/// Grafana starts with our provisioning and .env.example's values, loads the datasource, the dashboards, the alert
/// rules and the contact points, and every panel query of every dashboard returns data through Grafana's own query
/// API. Skipped, with the reason and how to run them, where Docker or the images are missing
/// (<see cref="DockerAcceptance"/>).
/// </summary>
public sealed class GrafanaAcceptanceTests(GrafanaStack stack) : IClassFixture<GrafanaStack>
{
    static readonly string[] DashboardUids = ["threecx-agents", "threecx-collector-health", "threecx-queue-sla", "threecx-wallboard"];

    /// <summary>Provisioning may still be running when /api/health first answers: poll a little.</summary>
    static readonly TimeSpan ProvisioningGrace = TimeSpan.FromSeconds(60);

    [DockerAcceptanceFact]
    public async Task GrafanaLoadsTheInfluxDbDatasourceAndReachesInfluxDbThroughIt()
    {
        var datasource = await GetJsonAsync($"api/datasources/uid/{GrafanaFiles.DatasourceUid}");
        Assert.Equal("influxdb", (string?)datasource["type"]);
        Assert.Equal("http://influxdb:8086", (string?)datasource["url"]);
        Assert.Equal(stack.GrafanaEnvironment["INFLUX_DB"], (string?)datasource["jsonData"]?["dbName"]);

        var health = await GetJsonAsync($"api/datasources/uid/{GrafanaFiles.DatasourceUid}/health");
        Assert.True((string?)health["status"] == "OK", $"datasource health: {health.ToJsonString()}");
    }

    [DockerAcceptanceFact]
    public async Task GrafanaLoadsTheFourDashboardsFromTheRepositoryAsProvisioned()
    {
        Assert.Equal(DashboardUids, GrafanaFiles.Dashboards().Select(d => d.Uid).Order(StringComparer.Ordinal));
        foreach (var file in GrafanaFiles.Dashboards())
        {
            var loaded = await GetJsonAsync($"api/dashboards/uid/{file.Uid}");
            Assert.Equal(file.Title, (string?)loaded["dashboard"]?["title"]);
            Assert.True((bool?)loaded["meta"]?["provisioned"] == true, $"{file.Uid} is not marked provisioned");
        }
    }

    [DockerAcceptanceFact]
    public async Task GrafanaLoadsEveryAlertRuleOfTheRepository()
    {
        var expected = AlertingFiles.Rules().AllRules.ToDictionary(r => r.Uid, r => r.Title);
        var loaded = (await GetJsonAsync("api/v1/provisioning/alert-rules")).AsArray()
            .ToDictionary(r => (string)r!["uid"]!, r => (string)r!["title"]!);

        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), loaded.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    [DockerAcceptanceFact]
    public async Task GrafanaLoadsTheContactPointsWithComposesStandInsWhenSlackAndEmailAreLeftEmpty()
    {
        Assert.Equal("", Demo.ComposeFile.EnvExample()["ALERT_EMAILS"]);
        var expected = AlertingFiles.ContactPoints().ContactPoints.SelectMany(c => c.Receivers.Select(r => (r.Uid, c.Name, r.Type))).OrderBy(r => r.Uid).ToList();
        var loaded = (await GetJsonAsync("api/v1/provisioning/contact-points")).AsArray()
            .Where(c => ((string?)c!["uid"])?.StartsWith("threecx-", StringComparison.Ordinal) == true)
            .Select(c => c!.AsObject()).ToList();

        Assert.Equal(expected, loaded.Select(c => ((string)c["uid"]!, (string)c["name"]!, (string)c["type"]!)).OrderBy(r => r.Item1).ToList());
        var email = loaded.Single(c => (string?)c["type"] == "email");
        Assert.Equal(stack.GrafanaEnvironment["ALERT_EMAILS"], (string?)email["settings"]?["addresses"]);
        Assert.EndsWith("@example.invalid", stack.GrafanaEnvironment["ALERT_EMAILS"]);
    }

    [DockerAcceptanceFact]
    public async Task EveryPanelQueryOfEveryDashboardReturnsDataThroughGrafanasQueryApi()
    {
        var failures = new List<string>();
        var runs = 0;
        foreach (var dashboard in GrafanaFiles.Dashboards())
        {
            var options = await stack.Runner.ResolveVariablesAsync(dashboard);
            var all = DashboardQueryRunner.DefaultSelection(dashboard, options);
            IEnumerable<IReadOnlyDictionary<string, string[]>> selections = dashboard.Variables.Any(v => v.Name == "interval")
                ? options["interval"].Select(period => new Dictionary<string, string[]>(all, StringComparer.Ordinal) { ["interval"] = [period] })
                : [all];
            foreach (var selection in selections)
                foreach (var planned in stack.Runner.Plan(dashboard, selection, options))
                {
                    runs++;
                    var (error, frames) = await QueryThroughGrafanaAsync(dashboard, planned);
                    if (error is not null)
                        failures.Add($"{dashboard.FileName} {planned}\n  error: {error}");
                    else if (frames == 0 && !DashboardExpectations.MayBeEmpty.Contains(planned.Target.RefId))
                        failures.Add($"{dashboard.FileName} {planned}\n  no data");
                }
        }

        Assert.True(runs > 100, $"only {runs} queries ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} panel queries failed through Grafana:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>
    /// Sends one panel target to <c>POST /api/ds/query</c> as the browser does: template variables and
    /// <c>$__interval</c> already replaced, <c>$timeFilter</c> left to Grafana's backend with the panel's range.
    /// Returns Grafana's error, or the number of frames that hold at least one row.
    /// </summary>
    async Task<(string? Error, int FramesWithRows)> QueryThroughGrafanaAsync(Dashboard dashboard, PlannedQuery planned)
    {
        var interval = GrafanaTime.AutoInterval(planned.From, planned.To, planned.Panel.MinInterval ?? DashboardQueryRunner.DatasourceMinInterval);
        var variables = new Dictionary<string, string[]>(planned.Selection, StringComparer.Ordinal)
        {
            ["timeFilter"] = ["$timeFilter"],
            ["__timeFilter"] = ["$__timeFilter"],
        };
        var query = InfluxQlMacros.Expand(planned.Target.Query, planned.From, planned.To, interval, variables);
        var body = new JsonObject
        {
            ["from"] = planned.From.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["to"] = planned.To.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            ["queries"] = new JsonArray(new JsonObject
            {
                ["refId"] = planned.Target.RefId,
                ["datasource"] = new JsonObject { ["type"] = "influxdb", ["uid"] = GrafanaFiles.DatasourceUid },
                ["query"] = query,
                ["rawQuery"] = true,
                ["resultFormat"] = planned.Target.ResultFormat,
                ["intervalMs"] = (long)interval.TotalMilliseconds,
                ["maxDataPoints"] = 1000,
            }),
        };
        using var response = await stack.Grafana.PostAsJsonAsync("api/ds/query", body);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? result;
        try
        {
            result = JsonNode.Parse(text)?["results"]?[planned.Target.RefId];
        }
        catch (JsonException)
        {
            return ($"HTTP {(int)response.StatusCode}: {text}", 0);
        }
        if (result is null) return ($"HTTP {(int)response.StatusCode}, no result for {planned.Target.RefId} in {dashboard.FileName}: {text}", 0);
        if ((string?)result["error"] is { Length: > 0 } error) return (error, 0);
        var frames = (result["frames"] as JsonArray ?? []).Count(frame =>
            (frame?["data"]?["values"] as JsonArray ?? []).Any(column => column is JsonArray { Count: > 0 }));
        return (null, frames);
    }

    /// <summary>GETs a Grafana API path, polling while it is not there yet (404) within the provisioning grace.</summary>
    async Task<JsonNode> GetJsonAsync(string path)
    {
        var deadline = DateTimeOffset.UtcNow + ProvisioningGrace;
        while (true)
        {
            using var response = await stack.Grafana.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return JsonNode.Parse(text)!;
            if (response.StatusCode != System.Net.HttpStatusCode.NotFound || DateTimeOffset.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"GET {path}: HTTP {(int)response.StatusCode} {text}\nGrafana's log:\n{await stack.GrafanaLogAsync()}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
