using Collector.Influx.LineProtocol;
using Collector.Security;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// Puts one <c>collector</c> point per sync run into the outbox (a run cannot be pulled again from anywhere, so it
/// waits there until InfluxDB takes it; the OutboxFlusher sends it). Tags <c>pbx</c>, <c>job</c>=<c>calllog_sync</c>,
/// <c>result</c> (ok or error); integer fields <c>duration_ms</c>, <c>rows</c> (read from the PBX), <c>points</c>,
/// <c>full_read</c> (1 for a full run, 0 for an incremental one), <c>calls_unchanged</c> (calls not written again, their
/// lines unchanged), <c>calls</c>,
/// <c>unknown_values</c>, <c>windows</c>, <c>rows_skipped</c> (distinct rows the run could not read and skipped),
/// <c>rows_quarantined</c> (of those, the ones seen for the first time), <c>clock_skew_exceeded</c> (1 when the PBX's
/// clock was further than <c>CallLog:MaxClockSkew</c> from ours), <c>stretch_read</c> (1 when an incremental run read the
/// stretches of calls that ended since they were last read), <c>ended_calls_pending</c> (ended calls whose stretch is still
/// to be read); float fields <c>lag_s</c> and, when the PBX showed its
/// clock, <c>clock_skew_s</c> (PBX minus this machine); on error also the string <c>error</c> (the failure's message, cut
/// to <see cref="MaxErrorLength"/> and with every known secret masked: it reaches the state database and the
/// dashboards) and, when there was an HTTP answer, the integer <c>status</c>. Timestamped at the run's start, as the
/// live snapshot's run points are. The string field <c>time_zone</c> is <c>Reporting:TimeZone</c>: the dashboards' <c>$timezone</c>
/// variable reads its last value (docs/dashboards.md), so Grafana follows the configured zone without edits.
/// </summary>
internal sealed partial class SyncRunRecorder(IOutbox outbox, ILogger<SyncRunRecorder> logger, SecretRegistry? secrets = null, string? timeZone = null)
{
    /// <summary>The most characters of the <c>error</c> field (our message around the PBX's or InfluxDB's, each already cut).</summary>
    public const int MaxErrorLength = 1_000;

    public const string Measurement = "collector";
    public const string Job = "calllog_sync";

    /// <summary>The field that carries <c>Reporting:TimeZone</c>.</summary>
    public const string TimeZoneField = "time_zone";

    public static PointData PointFor(CallLogSyncResult result, DateTimeOffset startedAt, SecretRegistry? secrets = null, string? timeZone = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var point = new PointData(Measurement)
            .Tag("pbx", result.Pbx)
            .Tag("job", Job)
            .Tag("result", result.ResultTag)
            .Field("duration_ms", (long)Math.Round(result.Duration.TotalMilliseconds))
            .Field("rows", result.Rows)
            .Field("points", result.Points)
            .Field("full_read", result.FullRead ? 1 : 0)
            .Field("calls_unchanged", result.CallsUnchanged)
            .Field("calls", result.Calls)
            .Field("windows", result.Windows)
            .Field("lag_s", Math.Round(result.Lag.TotalSeconds, 3))
            .Field("unknown_values", result.UnknownValues)
            .Field("rows_skipped", result.RowsSkipped)
            .Field("rows_quarantined", result.RowsQuarantined)
            .Field("clock_skew_exceeded", result.ClockSkewExceeded ? 1 : 0)
            .Field("stretch_read", result.EndedCallsRead ? 1 : 0)
            .Field("ended_calls_pending", result.EndedCallsPending)
            .Timestamp(UnixTime.Nanoseconds(startedAt));
        if (timeZone is not null)
            point.Field(TimeZoneField, timeZone);
        if (result.ClockSkew is { } skew)
            point.Field("clock_skew_s", Math.Round(skew.TotalSeconds, 3));
        if (result.Error is { } error)
        {
            point.Field("error", OutsideText.Clean(error.Message, secrets, MaxErrorLength));
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
            await outbox.EnqueueAsync(result.Pbx, OutboxKind.Collector, LineProtocolEncoder.ToLine(PointFor(result, startedAt, secrets, timeZone)), cancellationToken);
        }
        catch (StateUnavailableException ex)
        {
            // StateHealth has said what is wrong with the state database; one line here, no stack trace.
            LogNotRecordedState(logger, result.Pbx, ex.Kind);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, ex, result.Pbx);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: could not put the call-log sync's collector point into the outbox")]
    static partial void LogNotRecorded(ILogger logger, Exception exception, string pbx);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: could not put the call-log sync's collector point into the outbox: the state database is {Fault} (see the state error above)")]
    static partial void LogNotRecordedState(ILogger logger, string pbx, StateFaultKind fault);
}
