using System.Collections.Concurrent;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.CallLog.Rollups;

/// <summary>
/// The per-queue rollups of the call centre's local days and calendar months (<c>queue_day</c>, <c>queue_month</c>;
/// zone <c>Reporting:TimeZone</c>), recomputed from what InfluxDB stores, so they stay exact when late calls arrive, a
/// window is written again or a period fills:
/// <list type="number">
/// <item>the window writer reports every window it wrote (<see cref="Touch"/>): the local days and months of its passages
/// (and of its whole span when stale points were replaced) are marked to recompute;</item>
/// <item><see cref="RecomputeAsync"/> recomputes each marked period once: a day with two InfluxQL statements over its
/// <c>queue_call</c> points grouped by queue, then a month from its <c>queue_day</c> points (exact: a month is its days),
/// the periods due together in one request (up to <see cref="PeriodsPerRequest"/> of a kind) and their points in one write;
/// the points are rewritten with the same series and timestamp (the period's start), so a rewrite replaces them. The
/// sync job recomputes after each run; the backfill each time it checkpoints, for the periods its written windows completed,
/// and the rest at its end;</item>
/// <item>a period whose stored rollups would not all be overwritten (a queue with no passage left, a ratio whose
/// denominator became 0) has its rollup points deleted before the rewrite;</item>
/// <item>a recompute that fails (InfluxDB unreachable) leaves the period marked; the next recompute of that PBX tries
/// again.</item>
/// </list>
/// Without an InfluxQL reader (InfluxDB 2.x and 3) nothing is written.
/// </summary>
internal sealed partial class QueueRollups(IInfluxReader? reader, IInfluxWriter writer, TimeZoneInfo zone, ILogger<QueueRollups>? logger = null)
{
    readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    readonly ConcurrentDictionary<string, Marked> _marked = new(StringComparer.Ordinal);

    public TimeZoneInfo Zone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>Whether rollups are written at all (InfluxDB 1.x).</summary>
    public bool Enabled => reader is not null;

    /// <summary>The periods of <paramref name="pbx"/> waiting for a recompute, days first.</summary>
    public IReadOnlyList<LocalPeriod> Pending(string pbx) => _marked.TryGetValue(pbx, out var marked) ? marked.Snapshot() : [];

    /// <summary>
    /// Marks the periods a written window changed: those of its <c>queue_call</c> points, and every period of its span
    /// when it replaced stale points (which may have removed passages).
    /// </summary>
    public void Touch(string pbx, CallWindow window, IEnumerable<PointData> written, int stalePointsReplaced)
    {
        ArgumentNullException.ThrowIfNull(written);
        Touch(pbx, window, QueueCallTimes(written), stalePointsReplaced);
    }

    static IEnumerable<long> QueueCallTimes(IEnumerable<PointData> written)
    {
        foreach (var point in written)
            if (point.Measurement == CallPoints.QueueCallMeasurement && point.TimestampNs is { } ns)
                yield return ns;
    }

    /// <summary>As above, given the timestamps (nanoseconds) of the window's <c>queue_call</c> points.</summary>
    public void Touch(string pbx, CallWindow window, IEnumerable<long> queueCallTimes, int stalePointsReplaced)
    {
        ArgumentNullException.ThrowIfNull(queueCallTimes);
        if (!Enabled)
            return;
        var marked = _marked.GetOrAdd(pbx, _ => new Marked());
        LocalPeriod? marking = null;   // the day last marked: a window's points nearly all fall in it, and a day is looked up once
        foreach (var ns in queueCallTimes)
        {
            var instant = DateTimeOffset.FromUnixTimeMilliseconds(ns / 1_000_000);
            if (marking is { } last && instant >= last.Start && instant < last.End)
                continue;
            marking = LocalPeriod.DayOf(instant, Zone);
            marked.Add(marking.Value, Zone);
        }
        if (stalePointsReplaced > 0 && window.End > window.Start)
            for (var day = LocalPeriod.DayOf(window.Start, Zone); day.Start < window.End; day = LocalPeriod.Day(day.First.AddDays(1), Zone))
                marked.Add(day, Zone);
    }

    /// <summary>The most periods recomputed with one request (their statements in one query, their points in one write).</summary>
    internal const int PeriodsPerRequest = 31;

    /// <summary>
    /// Recomputes the marked periods of <paramref name="pbx"/>: all of them, or with <paramref name="completeBefore"/> only
    /// those that end by then (a backfill's windows up to that instant are written). Days go first, then months, each once,
    /// up to <see cref="PeriodsPerRequest"/> of a kind together: their statements in one InfluxQL request, their stale
    /// rollups deleted in one more (rarely), their points in one write. Returns the rollup points written. A failure is
    /// logged and leaves its periods marked (and the months of failed days wait for them); cancellation throws.
    /// </summary>
    public async Task<int> RecomputeAsync(string pbx, DateTimeOffset? completeBefore, CancellationToken cancellationToken)
    {
        if (reader is null || !_marked.TryGetValue(pbx, out var marked))
            return 0;
        await marked.Gate.WaitAsync(cancellationToken);
        try
        {
            var due = marked.Snapshot().Where(p => completeBefore is not { } until || p.End <= until).ToList();
            var written = 0;
            var failedMonths = new HashSet<DateOnly>();
            foreach (var days in due.Where(p => p.Kind == PeriodKind.Day).Chunk(PeriodsPerRequest))
            {
                if (await RecomputeAsync(reader, pbx, days, marked, cancellationToken) is { } points)
                    written += points;
                else
                    failedMonths.UnionWith(days.Select(d => new DateOnly(d.First.Year, d.First.Month, 1)));
            }
            // A month whose days could not all be recomputed waits for them.
            foreach (var months in due.Where(p => p.Kind == PeriodKind.Month && !failedMonths.Contains(p.First)).Chunk(PeriodsPerRequest))
                written += await RecomputeAsync(reader, pbx, months, marked, cancellationToken) ?? 0;
            return written;
        }
        finally
        {
            marked.Gate.Release();
        }
    }

    // Recomputes periods of one kind together and unmarks them; null when InfluxDB failed (logged; they stay marked).
    async Task<int?> RecomputeAsync(IInfluxReader influx, string pbx, LocalPeriod[] periods, Marked marked, CancellationToken cancellationToken)
    {
        try
        {
            // Per period: its aggregate (a day's two), then its stored rollup points.
            var statements = new List<string>(periods.Length * 3);
            foreach (var period in periods)
            {
                if (period.Kind == PeriodKind.Day)
                {
                    statements.Add(RollupQueries.DayFromPassages(pbx, period));
                    statements.Add(RollupQueries.DayAnsweredFromPassages(pbx, period));
                }
                else
                    statements.Add(RollupQueries.MonthFromDays(pbx, period));
                statements.Add(RollupQueries.Stored(pbx, period));
            }
            var answers = await QueryAsync(influx, statements, cancellationToken);
            var points = new List<PointData>();
            var deletes = new List<string>();
            var at = 0;
            foreach (var period in periods)
            {
                var rollups = period.Kind == PeriodKind.Day
                    ? QueueRollup.From(answers[at++], answers[at++])
                    : QueueRollup.From(answers[at++]);
                var measurement = RollupQueries.MeasurementOf(period.Kind);
                var fresh = rollups.Select(r => r.ToPoint(measurement, pbx, period)).ToList();
                if (Stale(answers[at++], fresh))
                {
                    deletes.Add(RollupQueries.Delete(pbx, period));
                    LogReplaced(_logger, pbx, period.Kind, period.ToString());
                }
                points.AddRange(fresh);
                LogRecomputed(_logger, pbx, period.Kind, period.ToString(), fresh.Count);
            }
            if (deletes.Count > 0)
                await influx.QueryEachAsync(deletes, cancellationToken);
            if (points.Count > 0)
                await writer.WriteAsync(points, cancellationToken);
            foreach (var period in periods)
                marked.Remove(period);
            return points.Count;
        }
        catch (Exception e) when (e is InfluxQueryException or InfluxWriteException)
        {
            LogFailed(_logger, pbx, periods[0].Kind, Describe(periods), e.Message);
            return null;
        }
    }

    // "2026-11-03" or "2026-11-03 to 2026-11-09 (7)".
    static string Describe(LocalPeriod[] periods) =>
        periods.Length == 1 ? periods[0].ToString() : $"{periods[0]} to {periods[^1]} ({periods.Length})";

    // Each statement's series; a database not created yet holds nothing (each statement's answer empty).
    static async Task<IReadOnlyList<IReadOnlyList<InfluxSeries>>> QueryAsync(IInfluxReader influx, List<string> statements, CancellationToken cancellationToken)
    {
        try
        {
            return await influx.QueryEachAsync(statements, cancellationToken);
        }
        catch (InfluxQueryException e) when (e.Message.Contains("database not found", StringComparison.Ordinal))
        {
            return statements.Select(_ => (IReadOnlyList<InfluxSeries>)[]).ToList();
        }
    }

    /// <summary>Whether a stored rollup of the period is a queue or a ratio the new points would not overwrite.</summary>
    static bool Stale(IReadOnlyList<InfluxSeries> stored, IReadOnlyList<PointData> points)
    {
        var fresh = points.ToDictionary(p => p.Tags.First(t => t.Key == "queue").Value, p => p.Fields.Select(f => f.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var series in stored)
        {
            if (series.Rows.Count == 0)
                continue;
            if (series.Tag("queue") is not { } queue || !fresh.TryGetValue(queue, out var fields))
                return true;
            foreach (var ratio in QueueRollup.RatioFields)
            {
                var column = series.Columns.ToList().IndexOf(ratio);
                if (column >= 0 && series.Rows.Any(r => r[column].ValueKind == System.Text.Json.JsonValueKind.Number) && !fields.Contains(ratio))
                    return true;
            }
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "PBX {Pbx}: {Kind} {Period} rolled up ({Points} queues)")]
    static partial void LogRecomputed(ILogger logger, string pbx, PeriodKind kind, string period, int points);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: {Kind} {Period}: stored rollups that a rewrite would not replace (a queue without passages left) were deleted first")]
    static partial void LogReplaced(ILogger logger, string pbx, PeriodKind kind, string period);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: could not recompute the rollups of {Kind} {Period}; the next run tries again: {Reason}")]
    static partial void LogFailed(ILogger logger, string pbx, PeriodKind kind, string period, string reason);

    /// <summary>The periods of one PBX marked to recompute, and the gate that keeps its recomputes one at a time.</summary>
    sealed class Marked
    {
        readonly object _lock = new();
        readonly SortedSet<LocalPeriod> _periods = new(Comparer<LocalPeriod>.Create((a, b) =>
            a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.First.CompareTo(b.First)));

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public void Add(LocalPeriod day, TimeZoneInfo zone)
        {
            lock (_lock)
            {
                _periods.Add(day);
                _periods.Add(day.MonthOfDay(zone));
            }
        }

        public void Remove(LocalPeriod period)
        {
            lock (_lock)
                _periods.Remove(period);
        }

        public IReadOnlyList<LocalPeriod> Snapshot()
        {
            lock (_lock)
                return [.. _periods];
        }
    }
}
