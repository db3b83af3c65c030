using System.Text.Json;
using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Rollups;

/// <summary>
/// One queue's KPIs over one local period, as exact sums of the per-passage flags the collector wrote on its
/// <c>queue_call</c> points (<c>PassageKpi</c>: answered, abandoned, short abandon, SL eligible and met), so every ratio
/// is exact and periods add up: a month is the sum of its days, the longest wait their maximum.
/// </summary>
/// <param name="Passages">Every passage, short abandons and overflows included.</param>
/// <param name="AbandonedAll">Abandoned passages, short abandons included (as on the passages).</param>
/// <param name="AnsweredWaitS">Sum of the waits of answered passages (ASA's numerator).</param>
/// <param name="AnsweredTalkS">Sum of the talk of answered passages (AHT's numerator).</param>
/// <param name="SlThresholdS">The highest T the passages were judged by.</param>
internal sealed record QueueRollup(
    string Queue,
    long Passages,
    long Answered,
    long AbandonedAll,
    long ShortAbandons,
    long SlEligible,
    long SlMet,
    double AnsweredWaitS,
    double AnsweredTalkS,
    double LongestWaitS,
    long SlThresholdS)
{
    /// <summary>Offered: passages without the short abandons.</summary>
    public long Offered => Passages - ShortAbandons;

    /// <summary>Abandoned: short abandons out.</summary>
    public long Abandoned => AbandonedAll - ShortAbandons;

    public double? ServiceLevelPercent => SlEligible > 0 ? 100.0 * SlMet / SlEligible : null;

    public double? AsaS => Answered > 0 ? AnsweredWaitS / Answered : null;

    public double? AhtS => Answered > 0 ? AnsweredTalkS / Answered : null;

    public double? AbandonRatePercent => Offered > 0 ? 100.0 * Abandoned / Offered : null;

    /// <summary>The ratio fields: written only when their denominator is not 0.</summary>
    public static readonly IReadOnlyList<string> RatioFields = ["sl_pct", "asa_s", "aht_s", "abandon_rate_pct"];

    /// <summary>The rollup point of this queue, stamped at the period's start.</summary>
    public PointData ToPoint(string measurement, string pbx, LocalPeriod period)
    {
        var point = new PointData(measurement)
            .Tag("pbx", pbx)
            .Tag("queue", Queue)
            .Field("passages", Passages)
            .Field("offered", Offered)
            .Field("answered", Answered)
            .Field("abandoned", Abandoned)
            .Field("short_abandons", ShortAbandons)
            .Field("sl_eligible", SlEligible)
            .Field("sl_met", SlMet)
            .Field("answered_wait_s", AnsweredWaitS)
            .Field("answered_talk_s", AnsweredTalkS)
            .Field("longest_wait_s", LongestWaitS)
            .Field("sl_threshold_s", SlThresholdS);
        if (ServiceLevelPercent is { } sl) point.Field("sl_pct", sl);
        if (AsaS is { } asa) point.Field("asa_s", asa);
        if (AhtS is { } aht) point.Field("aht_s", aht);
        if (AbandonRatePercent is { } rate) point.Field("abandon_rate_pct", rate);
        return point.Timestamp(period.Start.ToUnixTimeMilliseconds() * 1_000_000);
    }

    /// <summary>
    /// Reads the rows of an aggregate answer grouped by <c>queue</c> whose columns are named as the rollup's fields
    /// (<see cref="RollupQueries"/>): one rollup per queue with at least one passage.
    /// </summary>
    /// <param name="series">The aggregate answer.</param>
    /// <param name="answered">
    /// Where the answered passages' <c>answered_wait_s</c> and <c>answered_talk_s</c> come from a second answer grouped by
    /// <c>queue</c> (a queue missing there answered nothing: 0); null when <paramref name="series"/> has those columns.
    /// </param>
    // Sums of waits and talks are rounded to the microsecond (durations carry no finer part in practice), so the order in
    // which influxd adds the floating-point values (it changes as influxd compacts its files) never changes a rollup.
    static double Micros(double seconds) => Math.Round(seconds, 6, MidpointRounding.AwayFromZero);

    public static IEnumerable<QueueRollup> From(IEnumerable<Collector.Influx.Reading.InfluxSeries> series, IEnumerable<Collector.Influx.Reading.InfluxSeries>? answered = null)
    {
        var answeredSums = answered?.Where(s => s.Tag("queue") is { Length: > 0 } && s.Rows.Count > 0)
            .ToDictionary(s => s.Tag("queue")!, s => s, StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (s.Tag("queue") is not { Length: > 0 } queue)
                continue;
            foreach (var row in s.Rows)
            {
                double Number(string column) => row[s.Column(column)] is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0;
                long Count(string column) => (long)Math.Round(Number(column));
                double Answered(string column) => answeredSums is null ? Number(column)
                    : answeredSums.TryGetValue(queue, out var sums) && sums.Rows[0][sums.Column(column)] is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : 0;
                var rollup = new QueueRollup(queue, Count("passages"), Count("answered"), Count("abandoned"), Count("short_abandons"),
                    Count("sl_eligible"), Count("sl_met"), Micros(Answered("answered_wait_s")), Micros(Answered("answered_talk_s")), Number("longest_wait_s"), Count("sl_threshold_s"));
                if (rollup.Passages > 0)
                    yield return rollup;
            }
        }
    }
}
