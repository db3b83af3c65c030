using System.Text.Json;
using Collector.Configuration;
using Collector.Influx.Writing;

namespace Collector.Influx.Reading;

/// <summary>
/// InfluxQL over InfluxDB 1.x's <c>/query</c> (POST, <c>db</c> = <c>Influx:Database</c>, <c>epoch=ns</c>), with the writer's
/// endpoint, credentials and request timeout. One statement per call, or several in one request
/// (<see cref="QueryEachAsync"/>, separated by <c>;</c>, which InfluxDB runs in order); the answer is read whole, so a statement must be
/// bounded (a time range): a series cut short by InfluxDB's <c>max-row-limit</c> (<c>"partial": true</c>) is an error,
/// never a silent undercount. InfluxDB 2.x and 3 are not read (docs/reconciliation.md says what they would need).
/// </summary>
internal sealed class InfluxQueryClient(HttpClient http, InfluxOptions options, TimeProvider time) : IInfluxReader
{
    readonly InfluxEndpoint _endpoint = new(options);

    public async Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(influxQl);
        return Parse(await SendAsync(influxQl, cancellationToken), _endpoint.TargetName, 1)[0];
    }

    public async Task<IReadOnlyList<IReadOnlyList<InfluxSeries>>> QueryEachAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
            return [];
        foreach (var statement in statements)
            ArgumentException.ThrowIfNullOrWhiteSpace(statement);
        return Parse(await SendAsync(string.Join(";\n", statements), cancellationToken), _endpoint.TargetName, statements.Count);
    }

    // The answer's body to one request of one or more statements; an answer that is not a 2xx throws.
    async Task<string?> SendAsync(string influxQl, CancellationToken cancellationToken)
    {
        if (options.ApiVersion != InfluxApiVersion.V1)
            throw new InfluxQueryException(
                $"Reading back from InfluxDB needs InfluxQL over the v1 /query API; Influx:ApiVersion is {options.ApiVersion.ToString().ToLowerInvariant()}, " +
                "which this version of the collector does not read (docs/reconciliation.md, \"InfluxDB 2.x and 3\").");

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.QueryUri)
        {
            Content = new FormUrlEncodedContent([new("db", options.Database), new("epoch", "ns"), new("q", influxQl)]),
        };
        request.Headers.Authorization = _endpoint.Authorization;
        var transport = new InfluxHttpTransport(http, _endpoint, options, time);
        var (response, body, _) = await transport.SendAsync(request, cancellationToken);
        if (response.Status is null)
            throw new InfluxQueryException($"InfluxDB at {_endpoint.DisplayUrl} did not answer a query: {response.TransportError}. Is it running? Check Influx:Url.");
        if (response.Status is 401 or 403)
            throw new InfluxQueryException($"InfluxDB at {_endpoint.DisplayUrl} refused to answer a query (HTTP {response.Status}): check Influx:Username/Influx:Password or Influx:Token and their read permission.", response.Status);
        if (response.Status is not (>= 200 and < 300))
            throw new InfluxQueryException($"InfluxDB at {_endpoint.DisplayUrl} answered {response.Summary} to a query.", response.Status);
        return body;
    }

    /// <summary>The first statement's series of a <c>/query</c> answer; its <c>error</c> (e.g. database not found) is thrown.</summary>
    internal static IReadOnlyList<InfluxSeries> Parse(string? body, string target) => Parse(body, target, 1)[0];

    /// <summary>
    /// The series of each of the <paramref name="statements"/> of a <c>/query</c> answer, by <c>statement_id</c>; the first
    /// <c>error</c> (e.g. database not found) is thrown, as is an answer missing a statement.
    /// </summary>
    static IReadOnlyList<IReadOnlyList<InfluxSeries>> Parse(string? body, string target, int statements)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body ?? "");
        }
        catch (JsonException e)
        {
            throw new InfluxQueryException("InfluxDB answered a query with something that is not JSON.", 200, e);
        }
        using (json)
        {
            if (!json.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() == 0)
                throw new InfluxQueryException("InfluxDB's answer to a query has no results.", 200);
            var answers = new IReadOnlyList<InfluxSeries>?[statements];
            var position = 0;
            foreach (var result in results.EnumerateArray())
            {
                if (result.TryGetProperty("error", out var error))
                    throw new InfluxQueryException($"InfluxDB refused a query on {target}: {WriteResponse.ReadServerMessage(error.GetString())}", 200);
                // InfluxDB numbers the results by statement; an answer without the number is in statement order.
                var id = result.TryGetProperty("statement_id", out var number) && number.TryGetInt32(out var n) ? n : position;
                position++;
                if (id >= 0 && id < statements)
                    answers[id] = SeriesOf(result);
            }
            var missing = Array.IndexOf(answers, null);
            if (missing >= 0)
                throw new InfluxQueryException($"InfluxDB's answer to a query has no result for statement {missing + 1} of {statements}.", 200);
            return answers!;
        }
    }

    // One statement's series; a series cut short by the row limit throws.
    static List<InfluxSeries> SeriesOf(JsonElement result)
    {
        if (!result.TryGetProperty("series", out var series))
            return [];
        var list = new List<InfluxSeries>();
        foreach (var s in series.EnumerateArray())
        {
            if (s.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True)
                throw new InfluxQueryException("InfluxDB cut the answer to a query short (its max-row-limit); raise max-row-limit in influxdb.conf or set it to 0.", 200);
            var tags = s.TryGetProperty("tags", out var t)
                ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToList();
            var rows = s.TryGetProperty("values", out var values) ? Rows(values.Clone()) : [];   // one copy of the rows, not one per value
            list.Add(new InfluxSeries(s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "", tags, columns, rows));
        }
        return list;
    }

    // The rows of a series' "values" (a copy that outlives the answer's document): each an array of its values.
    static List<JsonElement[]> Rows(JsonElement values)
    {
        var rows = new List<JsonElement[]>(values.GetArrayLength());
        foreach (var value in values.EnumerateArray())
        {
            var row = new JsonElement[value.GetArrayLength()];
            var i = 0;
            foreach (var column in value.EnumerateArray())
                row[i++] = column;
            rows.Add(row);
        }
        return rows;
    }
}
