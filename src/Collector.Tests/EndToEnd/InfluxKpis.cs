using System.Globalization;
using System.Text.Json;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>The same KPIs, computed by InfluxQL on what the collector wrote (the queries a dashboard would run).</summary>
public static class InfluxKpis
{
    public static async Task<Dictionary<QueueDay, QueueKpis>> QueryAsync(InfluxServer influx, string database, DateTimeOffset from, DateTimeOffset to)
    {
        var range = Range(from, to);
        var totals = await SeriesAsync(influx, database,
            $"SELECT count(wait_s), sum(answered), sum(abandoned), sum(short_abandon), sum(sl_eligible), sum(sl_met), max(wait_s) FROM queue_call WHERE {range} GROUP BY time(1d), queue fill(none)");
        var answered = await SeriesAsync(influx, database,
            $"SELECT mean(wait_s), mean(talk_s) FROM queue_call WHERE answered = 1 AND {range} GROUP BY time(1d), queue fill(none)");

        var result = new Dictionary<QueueDay, QueueKpis>();
        foreach (var (key, v) in totals)
        {
            int I(int i) => (int)v[i].GetDouble();
            var (passages, answeredCount, abandonedAll, shortAbandons) = (I(0), I(1), I(2), I(3));
            answered.TryGetValue(key, out var a);
            result[key] = new QueueKpis(
                Passages: passages,
                Offered: passages - shortAbandons,
                Answered: answeredCount,
                Abandoned: abandonedAll - shortAbandons,
                ShortAbandons: shortAbandons,
                SlEligible: I(4),
                SlMet: I(5),
                AsaS: a?[0].GetDouble(),
                AhtS: a?[1].GetDouble(),
                LongestWaitS: v[6].GetDouble());
        }
        return result;
    }

    /// <summary>Points per measurement in the range (to show a rerun added nothing).</summary>
    public static async Task<Dictionary<string, long>> PointCountsAsync(InfluxServer influx, string database, DateTimeOffset from, DateTimeOffset to)
    {
        var counts = new Dictionary<string, long>();
        foreach (var measurement in new[] { "call", "queue_call", "agent_call" })
        {
            var answer = await influx.QueryAsync(database, $"SELECT count(call_id) FROM {measurement} WHERE {Range(from, to)}");
            var series = answer.GetProperty("results")[0];
            counts[measurement] = series.TryGetProperty("series", out var s) ? s[0].GetProperty("values")[0][1].GetInt64() : 0;
        }
        return counts;
    }

    /// <summary>Calls per UTC day of their start, direction and outcome.</summary>
    public static async Task<Dictionary<string, int>> CallCountsAsync(InfluxServer influx, string database, DateTimeOffset from, DateTimeOffset to)
    {
        var answer = await influx.QueryAsync(database, $"SELECT count(call_id) FROM call WHERE {Range(from, to)} GROUP BY time(1d), direction, outcome fill(none)");
        var result = new Dictionary<string, int>();
        foreach (var series in Series(answer))
        {
            var tags = series.GetProperty("tags");
            foreach (var row in series.GetProperty("values").EnumerateArray())
                result[$"{Day(row[0]):yyyy-MM-dd} {tags.GetProperty("direction").GetString()} {tags.GetProperty("outcome").GetString()}"] = row[1].GetInt32();
        }
        return result;
    }

    static async Task<Dictionary<QueueDay, JsonElement[]>> SeriesAsync(InfluxServer influx, string database, string query)
    {
        var result = new Dictionary<QueueDay, JsonElement[]>();
        foreach (var series in Series(await influx.QueryAsync(database, query)))
        {
            var queue = series.GetProperty("tags").GetProperty("queue").GetString()!;
            foreach (var row in series.GetProperty("values").EnumerateArray())
                result[new QueueDay(queue, Day(row[0]))] = [.. row.EnumerateArray().Skip(1)];
        }
        return result;
    }

    static IEnumerable<JsonElement> Series(JsonElement answer)
    {
        var first = answer.GetProperty("results")[0];
        if (first.TryGetProperty("error", out var error))
            throw new InvalidOperationException($"InfluxQL error: {error.GetString()}");
        return first.TryGetProperty("series", out var series) ? series.EnumerateArray() : [];
    }

    static DateOnly Day(JsonElement epochNs) => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(epochNs.GetInt64() / 1_000_000).UtcDateTime);

    static string Range(DateTimeOffset from, DateTimeOffset to) => string.Create(CultureInfo.InvariantCulture,
        $"time >= {(from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100} AND time < {(to.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100}");
}
