using System.Text.Json;
using Collector.Testing.Truth;

namespace Collector.Testing.Faults;

/// <summary>
/// Compares the calls in InfluxDB with the simulator's ground truth, call by call (<c>call_id</c> is the call's
/// MainCallHistoryId, the truth's <c>callId</c>). A true call is <b>written</b> when its <c>call</c> point is there,
/// <b>lost</b> when it is not; it is <b>doubled</b> when it has more than one <c>call</c> point or more <c>queue_call</c>
/// points than queue passages (a rewrite of the same call overwrites its points, so neither can happen by design).
/// </summary>
public static class CallLedger
{
    public static async Task<LedgerCounts> CompareAsync(InfluxServer influx, string database, IReadOnlyList<TruthCall> truth)
    {
        var calls = await CallIdsAsync(influx, database, "call");
        var passages = await CallIdsAsync(influx, database, "queue_call");
        var written = 0;
        var lost = new List<string>();
        var doubled = new List<string>();
        foreach (var call in truth)
        {
            var points = calls.GetValueOrDefault(call.CallId);
            if (points == 0) lost.Add(call.CallId); else written++;
            if (points > 1 || passages.GetValueOrDefault(call.CallId) > call.Passages.Count) doubled.Add(call.CallId);
        }
        // A call outside the truth's window can be doubled too.
        var known = truth.Select(c => c.CallId).ToHashSet(StringComparer.Ordinal);
        doubled.AddRange(calls.Where(c => c.Value > 1 && !known.Contains(c.Key)).Select(c => c.Key));
        return new LedgerCounts(truth.Count, written, lost, doubled);
    }

    /// <summary>Points per <c>call_id</c> in one measurement (none when the database does not exist yet).</summary>
    static async Task<Dictionary<string, int>> CallIdsAsync(InfluxServer influx, string database, string measurement)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonElement answer;
        try
        {
            answer = await influx.QueryAsync(database, $"SELECT call_id FROM \"{measurement}\"");
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            return counts;   // influxd stopped or frozen by the scenario: nothing readable now
        }
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return counts;
        foreach (var row in series[0].GetProperty("values").EnumerateArray())
        {
            var id = row[1].GetString() ?? "";
            counts[id] = counts.GetValueOrDefault(id) + 1;
        }
        return counts;
    }
}

/// <summary>The truth's calls and what became of them in InfluxDB.</summary>
public sealed record LedgerCounts(int Truth, int Written, IReadOnlyList<string> Lost, IReadOnlyList<string> Doubled);
