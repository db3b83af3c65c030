using System.Globalization;
using System.Text.Json;
using Collector.Influx.Reading;

namespace Collector.Reconcile;

/// <summary>One <c>queue_call</c> point as the reconciliation reads it back: the passage's wait, its KPI flags and the T it was written with.</summary>
internal sealed record OurPassage(double WaitSeconds, bool Answered, bool Abandoned, bool ShortAbandon, double? SlThresholdSeconds)
{
    /// <summary>The wait to the tick: 3CX's durations have at most 7 decimals, which a float's 15 digits keep exactly.</summary>
    public long WaitTicks => (long)Math.Round(WaitSeconds * TimeSpan.TicksPerSecond);
}

/// <summary>Our side of the reconciliation: the passages the collector wrote for a PBX and day, per queue.</summary>
internal interface IOurPassages
{
    Task<IReadOnlyDictionary<string, IReadOnlyList<OurPassage>>> ReadAsync(string pbx, ReportingDay day, CancellationToken cancellationToken);
}

/// <summary>
/// Reads our <c>queue_call</c> points of one PBX and day back from InfluxDB with InfluxQL, one row per passage (the counts
/// and sums are made in <see cref="OurFigures"/>, exactly, rather than by InfluxDB's float aggregates).
/// <c>sl_threshold_s</c> is read when the points have it (null otherwise).
/// </summary>
internal sealed class InfluxOurPassages(IInfluxReader influx) : IOurPassages
{
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<OurPassage>>> ReadAsync(string pbx, ReportingDay day, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"wait_s\", \"answered\", \"abandoned\", \"short_abandon\", \"sl_threshold_s\" FROM \"queue_call\" " +
            $"WHERE \"pbx\" = '{InfluxQl.Escape(pbx)}' AND time >= {InfluxQl.Nanoseconds(day.Start)} AND time < {InfluxQl.Nanoseconds(day.End)} GROUP BY \"queue\"");
        var result = new Dictionary<string, IReadOnlyList<OurPassage>>(StringComparer.Ordinal);
        foreach (var series in await influx.QueryAsync(query, cancellationToken))
        {
            var queue = series.Tag("queue");
            if (string.IsNullOrEmpty(queue)) continue;
            var (wait, answered, abandoned, shortAbandon, threshold) =
                (series.Column("wait_s"), series.Column("answered"), series.Column("abandoned"), series.Column("short_abandon"), series.Column("sl_threshold_s"));
            result[queue] = series.Rows
                .Where(row => row[wait].ValueKind == JsonValueKind.Number)
                .Select(row => new OurPassage(row[wait].GetDouble(), Flag(row[answered]), Flag(row[abandoned]), Flag(row[shortAbandon]), Number(row[threshold])))
                .ToList();
        }
        return result;
    }

    static bool Flag(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.GetDouble() != 0;

    static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

/// <summary>InfluxQL literals.</summary>
internal static class InfluxQl
{
    /// <summary>The inside of a single-quoted string literal: backslash and quote escaped.</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);

    public static string Nanoseconds(DateTimeOffset instant) =>
        Influx.LineProtocol.UnixTime.Nanoseconds(instant).ToString(CultureInfo.InvariantCulture);
}
