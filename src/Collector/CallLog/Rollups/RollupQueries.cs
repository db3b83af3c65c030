using System.Globalization;
using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Rollups;

/// <summary>
/// The InfluxQL of the rollups (InfluxDB 1.x), grouped by queue. A day is summed from the per-passage <c>queue_call</c>
/// points (two plain aggregates: all passages, and the wait and talk of the answered ones); a month from its days' <c>queue_day</c> points, which is exact because a local
/// month is exactly its local days and every field is a sum or a maximum.
/// </summary>
internal static class RollupQueries
{
    public const string DayMeasurement = "queue_day";
    public const string MonthMeasurement = "queue_month";

    public static string MeasurementOf(PeriodKind kind) => kind == PeriodKind.Day ? DayMeasurement : MonthMeasurement;

    /// <summary>
    /// A day per queue from its passages: counts, sums and maxima in one plain aggregate (the answered passages' wait and
    /// talk come from <see cref="DayAnsweredFromPassages"/>). Plain aggregates, not a subquery that multiplies by
    /// <c>answered</c>: influxd answers them about 25 times faster (0.07 s against 1.9 s for a day of 1,000 passages).
    /// </summary>
    public static string DayFromPassages(string pbx, LocalPeriod day) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT count(\"wait_s\") AS \"passages\", sum(\"answered\") AS \"answered\", sum(\"abandoned\") AS \"abandoned\", sum(\"short_abandon\") AS \"short_abandons\", " +
        $"sum(\"sl_eligible\") AS \"sl_eligible\", sum(\"sl_met\") AS \"sl_met\", max(\"wait_s\") AS \"longest_wait_s\", max(\"sl_threshold_s\") AS \"sl_threshold_s\" " +
        $"FROM \"{CallPoints.QueueCallMeasurement}\" WHERE {Where(pbx, day)} GROUP BY \"queue\"");

    /// <summary>A day per queue: the wait and talk of its answered passages.</summary>
    public static string DayAnsweredFromPassages(string pbx, LocalPeriod day) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT sum(\"wait_s\") AS \"answered_wait_s\", sum(\"talk_s\") AS \"answered_talk_s\" " +
        $"FROM \"{CallPoints.QueueCallMeasurement}\" WHERE {Where(pbx, day)} AND \"answered\" = 1 GROUP BY \"queue\"");

    /// <summary>A month per queue from its days' rollups (the abandoned stored there have short abandons out: added back).</summary>
    public static string MonthFromDays(string pbx, LocalPeriod month) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT sum(\"passages\") AS \"passages\", sum(\"answered\") AS \"answered\", sum(\"abandoned_all\") AS \"abandoned\", sum(\"short_abandons\") AS \"short_abandons\", " +
        $"sum(\"sl_eligible\") AS \"sl_eligible\", sum(\"sl_met\") AS \"sl_met\", sum(\"answered_wait_s\") AS \"answered_wait_s\", sum(\"answered_talk_s\") AS \"answered_talk_s\", " +
        $"max(\"longest_wait_s\") AS \"longest_wait_s\", max(\"sl_threshold_s\") AS \"sl_threshold_s\" FROM (" +
        $"SELECT \"passages\", \"answered\", \"abandoned\" + \"short_abandons\" AS \"abandoned_all\", \"short_abandons\", \"sl_eligible\", \"sl_met\", \"answered_wait_s\", \"answered_talk_s\", \"longest_wait_s\", \"sl_threshold_s\" " +
        $"FROM \"{DayMeasurement}\" WHERE {Where(pbx, month)} GROUP BY \"queue\") GROUP BY \"queue\"");

    /// <summary>The rollup points stored for one period (to find queues and ratios a rewrite would not overwrite).</summary>
    public static string Stored(string pbx, LocalPeriod period) => string.Create(CultureInfo.InvariantCulture,
        $"SELECT * FROM \"{MeasurementOf(period.Kind)}\" WHERE \"pbx\" = {Literal(pbx)} AND time = {Ns(period.Start)} GROUP BY \"queue\"");

    /// <summary>Deletes the rollup points of one period.</summary>
    public static string Delete(string pbx, LocalPeriod period) => string.Create(CultureInfo.InvariantCulture,
        $"DELETE FROM \"{MeasurementOf(period.Kind)}\" WHERE \"pbx\" = {Literal(pbx)} AND time = {Ns(period.Start)}");

    static string Where(string pbx, LocalPeriod period) => string.Create(CultureInfo.InvariantCulture,
        $"\"pbx\" = {Literal(pbx)} AND time >= {Ns(period.Start)} AND time < {Ns(period.End)}");

    static long Ns(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() * 1_000_000;

    static string Literal(string pbx) =>
        "'" + LineProtocolEscaper.StoredTag(pbx).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
