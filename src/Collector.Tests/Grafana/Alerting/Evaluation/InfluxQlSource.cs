using System.Text.Json;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>
/// Runs an alert rule's InfluxQL step the way Grafana's InfluxDB datasource does for an alert evaluation: the query's
/// macros are expanded over its relative time range ending at the evaluation instant, the result's series become
/// labelled time series (their tags are the labels), and an InfluxDB error is an evaluation error.
/// </summary>
public sealed class InfluxQlSource(InfluxServer server, string database)
{
    public async Task<IReadOnlyList<TimeSeries>> QueryAsync(RuleQuery step, DateTimeOffset now)
    {
        var from = now.AddSeconds(-step.RelativeTimeRange.From);
        var to = now.AddSeconds(-step.RelativeTimeRange.To);
        // Grafana's alert queries: intervalMs 1000 and maxDataPoints 43200 unless the model says otherwise.
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, (to - from).Ticks / 43200));
        var query = InfluxQlMacros.Expand(step.ModelString("query")!, from, to, interval, new Dictionary<string, string[]>());
        Assert.Empty(InfluxQlMacros.Unresolved(query));

        var answer = await server.QueryAsync(database, query);
        var result = answer.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"InfluxDB refused `{query}`: {error.GetString()}");
        if (!result.TryGetProperty("series", out var series)) return [];
        return series.EnumerateArray().Select(s => ToSeries(s, query)).ToList();
    }

    static TimeSeries ToSeries(JsonElement series, string query)
    {
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        if (columns.Length != 2 || columns[0] != "time")
            throw new InvalidOperationException($"`{query}` returns the columns {string.Join(", ", columns)}; alert queries select one value.");
        var labels = series.TryGetProperty("tags", out var tags)
            ? new Labels(tags.EnumerateObject().Select(t => KeyValuePair.Create(t.Name, t.Value.GetString() ?? "")))
            : Labels.Empty;
        var points = series.GetProperty("values").EnumerateArray().Select(row =>
        (
            DateTimeOffset.UnixEpoch.AddTicks(row[0].GetInt64() / 100),
            row[1].ValueKind == JsonValueKind.Number ? row[1].GetDouble() : (double?)null
        )).ToList();
        return new TimeSeries(labels, points);
    }
}
