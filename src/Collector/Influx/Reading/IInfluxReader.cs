using System.Text.Json;

namespace Collector.Influx.Reading;

/// <summary>Reads back from InfluxDB what the collector wrote (InfluxQL). Every failure is an <see cref="InfluxQueryException"/>.</summary>
internal interface IInfluxReader
{
    /// <summary>Runs one InfluxQL statement against the configured database and returns its series (none when nothing matched).</summary>
    Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken);

    /// <summary>
    /// Runs several InfluxQL statements, in order, and returns each one's series (in the order of the statements). A reader
    /// over HTTP sends them in one request; this default runs them one by one.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<InfluxSeries>>> QueryEachAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var answers = new List<IReadOnlyList<InfluxSeries>>(statements.Count);
        foreach (var statement in statements)
            answers.Add(await QueryAsync(statement, cancellationToken));
        return answers;
    }
}

/// <summary>One series of an InfluxQL answer: its tags (from <c>GROUP BY</c>), its columns and its rows (time in nanoseconds first).</summary>
internal sealed record InfluxSeries(string Name, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<string> Columns, IReadOnlyList<JsonElement[]> Rows)
{
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;

    /// <summary>The position of <paramref name="column"/>; throws when the answer has no such column.</summary>
    public int Column(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        throw new InfluxQueryException($"InfluxDB's answer has no column \"{column}\" (columns: {string.Join(", ", Columns)}).");
    }
}

/// <summary>A query that InfluxDB did not answer, or answered with an error. The message is plain language and holds no secret.</summary>
internal sealed class InfluxQueryException(string message, int? statusCode = null, Exception? innerException = null) : Exception(message, innerException)
{
    /// <summary>The HTTP status, when InfluxDB answered.</summary>
    public int? StatusCode { get; } = statusCode;
}
