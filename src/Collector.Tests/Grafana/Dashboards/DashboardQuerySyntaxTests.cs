using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>Every dashboard query, expanded as Grafana would, is valid InfluxQL for InfluxDB 1.6 (run on an empty database).</summary>
[Collection(InfluxCollection.Name)]
public sealed class DashboardQuerySyntaxTests(InfluxFixture influx)
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    static readonly Dictionary<string, string[]> Options = new(StringComparer.Ordinal)
    {
        ["pbx"] = ["main", "branch office"],
        ["queue"] = ["800", "801"],
        ["agent"] = ["101", "102"],
        ["interval"] = ["1h", "1d", "1w", "30d"],
        ["timezone"] = ["Europe/Berlin"],
    };

    [Fact]
    public async Task EveryExpandedQueryAndVariableQueryRunsWithoutAnError()
    {
        const string database = "grafana_syntax";
        await influx.Server.QueryAsync(database, $"CREATE DATABASE \"{database}\"");
        var runner = new DashboardQueryRunner(influx.Server.Http, database, Now);
        var failures = new List<string>();
        var count = 0;

        foreach (var dashboard in GrafanaFiles.Dashboards())
        {
            foreach (var variable in dashboard.Variables.Where(v => v.Type == "query"))
            {
                var query = InfluxQlMacros.Expand(variable.Query, Now.AddDays(-1), Now, TimeSpan.FromMinutes(1), Options);
                var result = await runner.RunAsync(query);
                if (result.Error is not null) failures.Add($"{dashboard.FileName} ${variable.Name}: {result.Error}: {query}");
            }
            // A zone, and none: before the collector's first sync $timezone is Grafana's "None" (''), which tz() reads as UTC.
            foreach (var (interval, zone) in Options["interval"].SelectMany(i => new[] { (i, "Europe/Berlin"), (i, "") }))
            {
                var selection = new Dictionary<string, string[]>(Options, StringComparer.Ordinal) { ["interval"] = [interval], ["timezone"] = [zone] };
                foreach (var planned in runner.Plan(dashboard, selection, Options))
                {
                    count++;
                    var unresolved = InfluxQlMacros.Unresolved(planned.Expanded);
                    if (unresolved.Count > 0) failures.Add($"{dashboard.FileName} {planned}: unresolved {string.Join(", ", unresolved)}");
                    // As Grafana sends it (now() for InfluxDB's clock), and with now() pinned as the other tests run it.
                    foreach (var pin in new[] { false, true })
                    {
                        var result = await runner.RunAsync(planned.Expanded, pin);
                        if (result.Error is not null) failures.Add($"{dashboard.FileName} {planned}: {result.Error}");
                    }
                }
            }
        }

        Assert.True(count > 100, $"only {count} queries planned");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
