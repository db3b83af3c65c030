using Collector.Influx.LineProtocol;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// Puts one <c>collector</c> point per sync run into the outbox (a run cannot be pulled again from anywhere, so it
/// waits there until InfluxDB takes it; the OutboxFlusher sends it). Tags <c>pbx</c>, <c>job</c>=<c>calllog_sync</c>,
/// <c>result</c> (ok or error); integer fields <c>duration_ms</c>, <c>rows</c>, <c>points</c>, <c>calls</c>,
/// <c>unknown_values</c>, <c>windows</c>, <c>rows_skipped</c> (distinct rows the run could not read and skipped),
/// <c>rows_quarantined</c> (of those, the ones seen for the first time); float field <c>lag_s</c>; on error also the string <c>error</c> (the failure's
/// message, which never holds a secret) and, when there was an HTTP answer, the integer <c>status</c>. Timestamped at
/// the run's start, as the live snapshot's run points are.
/// </summary>
internal sealed partial class SyncRunRecorder(IOutbox outbox, ILogger<SyncRunRecorder> logger)
{
    public const string Measurement = "collector";
    public const string Job = "calllog_sync";

    public static PointData PointFor(CallLogSyncResult result, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var point = new PointData(Measurement)
            .Tag("pbx", result.Pbx)
            .Tag("job", Job)
            .Tag("result", result.ResultTag)
            .Field("duration_ms", (long)Math.Round(result.Duration.TotalMilliseconds))
            .Field("rows", result.Rows)
            .Field("points", result.Points)
            .Field("calls", result.Calls)
            .Field("windows", result.Windows)
            .Field("lag_s", Math.Round(result.Lag.TotalSeconds, 3))
            .Field("unknown_values", result.UnknownValues)
            .Field("rows_skipped", result.RowsSkipped)
            .Field("rows_quarantined", result.RowsQuarantined)
            .Timestamp(UnixTime.Nanoseconds(startedAt));
        if (result.Error is { } error)
        {
            point.Field("error", error.Message);
            if (StatusOf(error) is { } status)
                point.Field("status", status);
        }
        return point;
    }

    static int? StatusOf(Exception error) => error switch
    {
        Collector.ThreeCx.XapiException x => x.StatusCode,
        Collector.Influx.Writing.InfluxWriteException i => i.StatusCode,
        _ => null,
    };

    /// <summary>Enqueues the point; a failure to do so is logged, never thrown (the run itself is over).</summary>
    public async Task RecordAsync(CallLogSyncResult result, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.EnqueueAsync(result.Pbx, OutboxKind.Collector, LineProtocolEncoder.ToLine(PointFor(result, startedAt)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, ex, result.Pbx);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: could not put the call-log sync's collector point into the outbox")]
    static partial void LogNotRecorded(ILogger logger, Exception exception, string pbx);
}
