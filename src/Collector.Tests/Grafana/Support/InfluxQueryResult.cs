using System.Text.Json;

namespace Collector.Tests.Grafana.Support;

/// <summary>One series of an InfluxQL answer: its tags, columns and rows (time in epoch milliseconds).</summary>
public sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<JsonElement[]> Rows)
{
    public string Tag(string key) => Tags.TryGetValue(key, out var value) ? value : "";

    /// <summary>The last non-null value of a column, as a stat panel's "last (not null)" shows it.</summary>
    public double? LastNumber(string? column = null)
    {
        var index = column is null ? Columns.Count - 1 : Columns.ToList().IndexOf(column);
        if (index < 0) throw new InvalidOperationException($"Series {Name} has no column '{column}' ({string.Join(", ", Columns)}).");
        for (var i = Rows.Count - 1; i >= 0; i--)
            if (Rows[i][index].ValueKind == JsonValueKind.Number)
                return Rows[i][index].GetDouble();
        return null;
    }
}

/// <summary>The answer to one InfluxQL statement: an error, or zero or more series.</summary>
public sealed record InfluxQueryResult(string Query, string? Error, IReadOnlyList<InfluxSeries> Series)
{
    public bool IsEmpty => Series.Count == 0 || Series.All(s => s.Rows.Count == 0);

    /// <summary>Parses the <c>/query</c> JSON of a single statement.</summary>
    public static InfluxQueryResult Parse(string query, JsonElement answer)
    {
        if (answer.TryGetProperty("error", out var topError)) return new(query, topError.GetString(), []);
        var result = answer.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var error)) return new(query, error.GetString(), []);
        if (!result.TryGetProperty("series", out var series)) return new(query, null, []);
        return new(query, null, series.EnumerateArray().Select(ParseSeries).ToArray());
    }

    static InfluxSeries ParseSeries(JsonElement s)
    {
        var tags = s.TryGetProperty("tags", out var t)
            ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : new Dictionary<string, string>();
        var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
        var rows = s.TryGetProperty("values", out var v)
            ? v.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.Clone()).ToArray()).ToArray()
            : [];
        return new InfluxSeries(s.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "", tags, columns, rows);
    }
}
