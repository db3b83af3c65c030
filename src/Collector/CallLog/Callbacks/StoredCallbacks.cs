using System.Globalization;
using System.Text.Json;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;

namespace Collector.CallLog.Callbacks;

/// <summary>The <c>callback</c> points stored for one PBX in a span of time, read back with InfluxQL (InfluxDB 1.x).</summary>
internal sealed class StoredCallbacks(IInfluxReader influx)
{
    /// <summary>The callers stamped in [<paramref name="from"/>, <paramref name="until"/>), both truncated to the millisecond.</summary>
    public async Task<IReadOnlyList<AbandonedCaller>> ReadAsync(string pbx, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        IReadOnlyList<InfluxSeries> series;
        try
        {
            series = await influx.QueryAsync(string.Create(CultureInfo.InvariantCulture,
                $"SELECT * FROM \"{CallbackPoints.Measurement}\" WHERE \"pbx\" = {Literal(LineProtocolEscaper.StoredTag(pbx))} AND time >= {CallTimestamp.Millisecond(from)} AND time < {CallTimestamp.Millisecond(until)} GROUP BY \"queue\""),
                cancellationToken);
        }
        catch (InfluxQueryException e) when (e.Message.Contains("database not found", StringComparison.Ordinal))
        {
            return [];
        }

        var callers = new List<AbandonedCaller>();
        foreach (var s in series)
        {
            var queue = s.Tag("queue") ?? "";
            int At(string column) => s.Columns.ToList().IndexOf(column);
            var (time, number, callId, wait, name, reachedAt, reachedCall, reachedBy) =
                (At("time"), At("number"), At("call_id"), At("wait_s"), At("queue_name"), At("reached_at"), At("reached_call_id"), At("reached_by"));
            foreach (var row in s.Rows)
            {
                if (Text(row, number) is not { } n || Text(row, callId) is not { } id || time < 0)
                    continue;
                var ns = row[time].GetInt64();
                callers.Add(new AbandonedCaller(n, queue, Text(row, name), id,
                    DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000), TimeSpan.FromSeconds(Number(row, wait) ?? 0), ns,
                    Number(row, reachedAt) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null,
                    Text(row, reachedCall), Text(row, reachedBy)));
            }
        }

        return callers;
    }

    static string? Text(JsonElement[] row, int column) =>
        column >= 0 && row[column].ValueKind == JsonValueKind.String ? row[column].GetString() : null;

    static double? Number(JsonElement[] row, int column) =>
        column >= 0 && row[column].ValueKind == JsonValueKind.Number ? row[column].GetDouble() : null;

    static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
