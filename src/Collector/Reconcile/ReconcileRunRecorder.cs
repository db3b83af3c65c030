using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.Reconcile;

/// <summary>
/// Records one <c>collector</c> point per reconcile run: tags <c>pbx</c>, <c>job</c>=<c>reconcile</c>, <c>result</c> (<c>ok</c>,
/// <c>warning</c> or <c>error</c>, <see cref="ReconcileRunResult.ResultTag"/>); integer fields <c>duration_ms</c>, <c>days</c>,
/// <c>kpis</c> (compared), <c>differences</c>, <c>not_compared</c>, <c>points</c>; when not ok the string <c>error</c> (the
/// reason, in our words) and, when there was an HTTP answer, the integer <c>status</c>. Stamped at the run's start. Written
/// straight to InfluxDB (the verb has no flusher); when that fails, it waits in the outbox for the worker's flusher.
/// </summary>
internal sealed partial class ReconcileRunRecorder(IInfluxWriter writer, IOutbox outbox, ILogger<ReconcileRunRecorder> logger)
{
    public const string Measurement = "collector";
    public const string Job = "reconcile";

    public static PointData PointFor(ReconcileRunResult result, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(result);
        var point = new PointData(Measurement)
            .Tag("pbx", result.Pbx)
            .Tag("job", Job)
            .Tag("result", result.ResultTag)
            .Field("duration_ms", (long)Math.Round(result.Duration.TotalMilliseconds))
            .Field("days", result.Days.Count)
            .Field("kpis", result.Compared)
            .Field("differences", result.Differences)
            .Field("not_compared", result.NotCompared)
            .Field("points", result.Points)
            .Timestamp(UnixTime.Nanoseconds(startedAt));
        if (result.Reason is { } reason)
            point.Field("error", reason);
        if (result.Status is { } status)
            point.Field("status", status);
        return point;
    }

    /// <summary>Writes the point; a failure is logged, never thrown (the run itself is over).</summary>
    public async Task RecordAsync(ReconcileRunResult result, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var point = PointFor(result, startedAt);
        try
        {
            await writer.WriteAsync([point], cancellationToken);
            return;
        }
        catch (InfluxWriteException)
        {
            // InfluxDB is not taking points now: the outbox keeps the run's point until it does.
        }
        try
        {
            await outbox.EnqueueAsync(result.Pbx, OutboxKind.Collector, LineProtocolEncoder.ToLine(point), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotRecorded(logger, ex, result.Pbx);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: could not record the reconcile run's collector point")]
    static partial void LogNotRecorded(ILogger logger, Exception exception, string pbx);
}
