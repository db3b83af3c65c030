using Collector.Configuration;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.Reconcile;

/// <summary>
/// One reconcile run of one PBX (the daily job and <c>collector reconcile</c> both call it): for each day and each queue
/// of the PBX (<c>Queues</c>; the queues our points name when that list cannot be read), our KPIs from the <c>queue_call</c> points in InfluxDB
/// (<see cref="IOurPassages"/>, <see cref="OurFigures"/>) against 3CX's own report functions (<see cref="TheirFigures"/>),
/// each KPI by the definition both sides share (docs/reconciliation.md). Every comparison is written as a
/// <c>queue_reconcile</c> point stamped at the day's start (a rerun rewrites it), day by day; then the run's
/// <c>collector</c> point. A report the PBX does not give is a warning and its KPIs are not compared; a failure ends the run
/// with the days done so far kept. Never throws but for cancellation.
/// </summary>
internal sealed partial class Reconciler(
    IXapiClientFactory clients,
    IOurPassages ours,
    IInfluxWriter writer,
    ReconcileRunRecorder recorder,
    SlaOptions sla,
    TimeProvider time,
    ILogger<Reconciler> logger)
{
    public async Task<ReconcileRunResult> RunAsync(PbxOptions pbx, IReadOnlyList<DateOnly> days, Action<ReconcileDayResult>? dayDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        ArgumentNullException.ThrowIfNull(days);
        var startedAt = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var unavailable = new Dictionary<ThreeCxReport, ReportUnavailable>();
        var warnings = new List<string>();
        var done = new List<ReconcileDayResult>();
        var points = 0;
        Exception? error = null;
        try
        {
            var client = clients.Create(PbxConnection.For(pbx));
            var pbxQueues = await QueuesAsync(pbx.Name, client, warnings, cancellationToken);
            var shortAbandon = TimeSpan.FromSeconds(sla.ShortAbandonSeconds);
            foreach (var date in days)
            {
                var day = ReportingDays.Of(date);
                var passages = await ours.ReadAsync(pbx.Name, day, cancellationToken);
                var comparisons = new List<KpiComparison>();
                var notCompared = 0;
                var queues = (pbxQueues ?? passages.Keys).Order(StringComparer.Ordinal).ToList();
                if (pbxQueues is not null && passages.Keys.Except(pbxQueues, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } gone)
                {
                    warnings.Add(Gone(pbx.Name, day, gone));
                    notCompared += gone.Count * ReconcileKpis.All.Count;
                }
                foreach (var queue in queues)
                {
                    var mine = passages.TryGetValue(queue, out var list) ? list : [];
                    var threshold = SlaThreshold.For(mine, sla);
                    var theirs = await TheirFigures.ReadAsync(client, queue, day, shortAbandon, threshold, unavailable, cancellationToken);
                    var compared = KpiComparison.Of(pbx.Name, queue, day, OurFigures.Of(mine, threshold), theirs).ToList();
                    comparisons.AddRange(compared);
                    notCompared += ReconcileKpis.All.Count - compared.Count;
                }
                if (comparisons.Count > 0)
                    points += (await writer.WriteAsync(comparisons.Select(c => c.ToPoint()), cancellationToken)).LinesWritten;
                var result = new ReconcileDayResult(pbx.Name, day, queues.Count, comparisons, notCompared);
                done.Add(result);
                LogDay(result);
                dayDone?.Invoke(result);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            error = ex;
            if (ex is XapiException or InfluxQueryException or InfluxWriteException)
                LogFailed(logger, pbx.Name, ex.Message);
            else
                LogFailedUnexpectedly(logger, ex, pbx.Name);
        }

        foreach (var report in unavailable.Values)
            LogReportUnavailable(logger, pbx.Name, report.Describe());
        var run = new ReconcileRunResult(pbx.Name, done, [.. unavailable.Values], warnings, points, time.GetElapsedTime(clock), error);
        await recorder.RecordAsync(run, startedAt, cancellationToken);
        return run;
    }

    /// <summary>
    /// The PBX's queue numbers: the queues compared (3CX's reports need a real queue DN). Null when they cannot be read: then
    /// the queues our points name are compared, with a warning.
    /// </summary>
    async Task<IReadOnlyList<string>?> QueuesAsync(string pbx, IXapiClient client, List<string> warnings, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await client.GetQueuesAsync(cancellationToken)).Select(q => q.Number?.Trim()).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
        }
        catch (XapiException ex)
        {
            var warning = $"The PBX's queue list could not be read ({ex.Kind}{(ex.StatusCode is { } s ? $", HTTP {s}" : "")}): only the queues with passages in InfluxDB were compared.";
            warnings.Add(warning);
            LogWarning(logger, pbx, warning);
            return null;
        }
    }

    /// <summary>Queues our points name that the PBX no longer has (deleted, or a queue the call log did not name): not compared.</summary>
    string Gone(string pbx, ReportingDay day, IReadOnlyList<string> queues)
    {
        var warning = $"{day}: queue {string.Join(", ", queues.Take(5))}{(queues.Count > 5 ? ", …" : "")} has passages in InfluxDB but is not a queue of the PBX now: not compared.";
        LogWarning(logger, pbx, warning);
        return warning;
    }

    void LogDay(ReconcileDayResult day)
    {
        var differences = day.Differences.ToList();
        if (differences.Count == 0)
            LogDayEqual(logger, day.Pbx, day.Day.ToString(), day.Comparisons.Count, day.Queues, day.NotCompared);
        else
            LogDayDiffers(logger, day.Pbx, day.Day.ToString(), differences.Count, day.Comparisons.Count,
                differences[0].Queue, differences[0].Kpi, differences[0].Ours, differences[0].Theirs);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}, {Day}: {Compared} KPIs of {Queues} queues agree with 3CX's reports ({NotCompared} not compared)")]
    static partial void LogDayEqual(ILogger logger, string pbx, string day, int compared, int queues, int notCompared);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}, {Day}: {Differences} of {Compared} KPIs differ from 3CX's reports, e.g. queue {Queue} {Kpi}: ours {Ours}, 3CX {Theirs} (all in queue_reconcile)")]
    static partial void LogDayDiffers(ILogger logger, string pbx, string day, int differences, int compared, string queue, string kpi, decimal ours, decimal theirs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: {Report}")]
    static partial void LogReportUnavailable(ILogger logger, string pbx, string report);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: {Warning}")]
    static partial void LogWarning(ILogger logger, string pbx, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "PBX {Pbx}: reconciliation with 3CX's reports failed; the days before the failure are kept: {Reason}")]
    static partial void LogFailed(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PBX {Pbx}: reconciliation with 3CX's reports failed unexpectedly")]
    static partial void LogFailedUnexpectedly(ILogger logger, Exception exception, string pbx);
}
