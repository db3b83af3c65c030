using Collector.Testing;
using Npgsql;

namespace Collector.Bench.ClusterPbxs;

/// <summary>
/// After one node is killed: when Quartz took it out of the cluster (its row gone from <c>qrtz_scheduler_state</c>), and
/// for every PBX when InfluxDB first showed a <c>pbx_live</c> point stamped after the kill (polled every
/// <see cref="Poll"/>, so each figure is up to one poll late).
/// </summary>
static class FailoverWatch
{
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static async Task<FailoverResult> MeasureAsync(InfluxServer influx, string database, string stateConnection, string deadNode,
        DateTimeOffset killedAt, int pbxs, TimeSpan timeout)
    {
        TimeSpan? removedAfter = null;
        var resumedAfter = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var firstPointAfter = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(stateConnection);
        await connection.OpenAsync();
        while (DateTimeOffset.UtcNow - killedAt < timeout && (removedAfter is null || resumedAfter.Count < pbxs))
        {
            if (removedAfter is null && !(await NodesAsync(connection)).Contains(deadNode))
                removedAfter = DateTimeOffset.UtcNow - killedAt;
            if (resumedAfter.Count < pbxs)
            {
                var latest = await LatestLiveAsync(influx, database);
                var seenAt = DateTimeOffset.UtcNow - killedAt;
                foreach (var (pbx, time) in latest)
                    if (time > killedAt && resumedAfter.TryAdd(pbx, seenAt))
                        firstPointAfter[pbx] = time;
            }
            await Task.Delay(Poll);
        }
        return new FailoverResult(removedAfter, resumedAfter, firstPointAfter);
    }

    /// <summary>The nodes Quartz has in its cluster now.</summary>
    public static async Task<List<string>> NodesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var nodes = new List<string>();
        while (await reader.ReadAsync()) nodes.Add(reader.GetString(0));
        return nodes;
    }

    /// <summary>The time of each PBX's newest <c>pbx_live</c> point (of the last 10 minutes).</summary>
    public static async Task<Dictionary<string, DateTimeOffset>> LatestLiveAsync(InfluxServer influx, string database)
    {
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var answer = await influx.QueryAsync(database, "SELECT last(calls_active) FROM pbx_live WHERE time > now() - 10m GROUP BY pbx");
        if (!answer.GetProperty("results")[0].TryGetProperty("series", out var series)) return latest;
        foreach (var serie in series.EnumerateArray())
            latest[serie.GetProperty("tags").GetProperty("pbx").GetString()!] =
                DateTimeOffset.UnixEpoch.AddTicks(serie.GetProperty("values")[0][0].GetInt64() / 100);   // epoch=ns
        return latest;
    }
}

/// <summary>
/// What <see cref="FailoverWatch"/> saw: after how long the dead node was out of the cluster (null: not within the
/// timeout), and per PBX after how long its first live point stamped after the kill was queryable, and that point's time.
/// </summary>
sealed record FailoverResult(TimeSpan? RemovedAfter, IReadOnlyDictionary<string, TimeSpan> ResumedAfter, IReadOnlyDictionary<string, DateTimeOffset> FirstPointAfter);
