using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Backfill;

/// <summary>
/// Writes a range of call-log history to InfluxDB window by window (what <c>collector backfill</c> runs):
/// <list type="bullet">
/// <item>each window <c>[A, B)</c> writes the calls that STARTED in it, read from <c>[A − L, B + L]</c>
/// (L = <c>CallLog:MaxCallSpan</c>), through the same <see cref="CallLogWindowWriter"/> as the sync; each row is fetched
/// once (<see cref="SlidingRowReader"/>) and each call normalised once (<see cref="BackfillCalls"/>);</item>
/// <item>after InfluxDB acknowledged a window its end is checkpointed (per PBX and range; finished windows are checkpointed
/// together at most <see cref="CheckpointInterval"/> apart and always when the run ends, so a killed process redoes at most
/// that much, which overwrites what it wrote before); a rerun of the same range
/// resumes after the last finished window; a finished range keeps its end as the checkpoint, so running it again has
/// nothing to do (<c>--restart</c> pulls it again), and a range ending <c>now</c> catches up from where it ended;</item>
/// <item>the windows of at most <see cref="BackfillBatching.Span"/> form a <see cref="WindowBatch"/>: what InfluxDB stores for them
/// (call points for the stale-point check, <c>callback</c> points) is read once for the batch, not once per window, and
/// their points are written together (a window is finished for the checkpoint once InfluxDB acknowledged the write that
/// carried it; pending points are written at least every <see cref="CheckpointInterval"/> and when the run ends, done or
/// cancelled);</item>
/// <item>cancellation abandons the current window (nothing of it is checkpointed; rewriting it later overwrites);</item>
/// <item>it never touches the sync's watermark;</item>
/// <item>a row that cannot be read is skipped, counted and quarantined as by the sync (<see cref="RowQuarantine"/>); the
/// backfill goes on past it;</item>
/// <item>with <see cref="QueueRollups"/>, before windows are checkpointed the rollups of the local days and months they
/// completed are recomputed (each once, together: <see cref="QueueRollups.RecomputeAsync"/>), after the last window all
/// the others it touched.</item>
/// </list>
/// </summary>
internal sealed partial class CallLogBackfill(
    PbxCallLogs logs,
    CallLogWindowWriter windowWriter,
    IBackfillCheckpointStore checkpoints,
    RowQuarantine quarantine,
    CallLogOptions options,
    TimeProvider time,
    ILogger<CallLogBackfill> logger,
    QueueRollups? rollups = null,
    BackfillBatching? batching = null)
{
    readonly BackfillBatching _batching = batching ?? new BackfillBatching();

    /// <summary>The default window: an hour of call starts.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    /// <summary>Finished windows are checkpointed together, at most this long after InfluxDB took them (and when the run ends).</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where a run of <paramref name="range"/> would start: after the checkpoint of an earlier run, else at its start.
    /// <see cref="BackfillRange.To"/> (or later) means an earlier run finished it.
    /// </summary>
    public async Task<DateTimeOffset> ResumePointAsync(PbxOptions pbx, BackfillRange range, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        ArgumentNullException.ThrowIfNull(range);
        return ResumePoint(range, await checkpoints.GetCheckpointAsync(pbx.Name, range.Key, cancellationToken));
    }

    static DateTimeOffset ResumePoint(BackfillRange range, DateTimeOffset? checkpoint) =>
        checkpoint is { } c && c > range.From ? (c < range.To ? c : range.To) : range.From;

    /// <summary>
    /// Backfills <paramref name="range"/> for <paramref name="pbx"/>. Returns when done or, after cancellation, with the
    /// windows finished so far (<see cref="BackfillResult.Completed"/> false). Failures (PBX, InfluxDB) throw, as does a
    /// checkpoint another backfill of the same range moved meanwhile (<see cref="ProgressConflictException"/>).
    /// </summary>
    public async Task<BackfillResult> RunAsync(
        PbxOptions pbx, BackfillRange range, TimeSpan window, bool restart, IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var clock = time.GetTimestamp();
        var source = logs.For(pbx);
        if (restart)
            await checkpoints.ClearCheckpointAsync(pbx.Name, range.Key, cancellationToken);
        // Read with its version: each window's checkpoint is a compare-and-set, so two backfills of one range never undo each other.
        var stored = await checkpoints.ReadCheckpointAsync(pbx.Name, range.Key, cancellationToken);
        var start = ResumePoint(range, stored?.Value);
        DateTimeOffset? resumedFrom = start > range.From ? start : null;
        if (resumedFrom is { } resumed)
            LogResuming(logger, pbx.Name, resumed);

        var windows = CallWindow.Split(start, range.To, window).ToList();
        var skipped = new SkippedRows();
        var reader = new SlidingRowReader(new CallLogRowFetcher(options.ReportRowLimit, logger), source, skipped);
        var normalised = new BackfillCalls(source.Normaliser, options.MaxCallSpan);
        int done = 0;
        long calls = 0, points = 0, dropped = 0, unknown = 0;
        WindowBatch? batch = null;
        DateTimeOffset? lastDone = null;   // the end of the last window counted as done
        var failed = true;
        DateTimeOffset? unsaved = null;   // the end of the last window InfluxDB acknowledged, until it is checkpointed
        var savedAt = time.GetTimestamp();
        try
        {
            foreach (var next in windows)
            {
                if (cancellationToken.IsCancellationRequested)
                    break;
                WindowResult written;
                try
                {
                    var rows = await reader.ReadAsync(next.RowsToRead(options.MaxCallSpan, DateTimeOffset.MaxValue), cancellationToken);
                    await quarantine.KeepAsync(pbx.Name, skipped.TakeNew(), cancellationToken);
                    var unknownBefore = source.Normaliser.Unknown.Total;
                    var seen = normalised.For(next, rows);
                    if (batch is null || !batch.Covers(next.Start, next.End))
                    {
                        if (batch is not null)
                        {
                            await windowWriter.FlushAsync(batch, cancellationToken);   // the next batch's read must see what this one wrote
                            dropped += batch.LinesDropped;
                        }
                        batch = await windowWriter.ReadBatchAsync(pbx.Name, next.Start, BatchEnd(windows, next), options.MaxCallSpan + TimeSpan.FromMinutes(1),
                            _batching.PointsPerWrite, cancellationToken);
                    }
                    written = await windowWriter.WriteCallsAsync(source, next, seen, rows.Count, source.Normaliser.Unknown.Total - unknownBefore, null, false,
                        cancellationToken, batch);
                    if (time.GetElapsedTime(savedAt) >= CheckpointInterval && batch.PendingPoints > 0)
                        await windowWriter.FlushAsync(batch, cancellationToken);   // no window waits in the batch longer than a checkpoint
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    LogAbandoned(logger, pbx.Name, next.ToString());
                    break;
                }

                // InfluxDB has the windows up to batch.DurableThrough (a window's points may wait in the batch to be written with
                // the next windows'): those are checkpointed at most CheckpointInterval later, and in any case when the run ends
                // (finished, cancelled or failed). Only a killed process redoes the windows since the last one.
                // Each checkpoint is a compare-and-set, so two backfills of one range never undo each other.
                lastDone = next.End;
                if (batch.DurableThrough is { } durable && durable > (stored?.Value ?? DateTimeOffset.MinValue))
                    unsaved = durable;
                if (unsaved is { } end && time.GetElapsedTime(savedAt) >= CheckpointInterval)
                {
                    stored = await CheckpointAsync(end);
                    unsaved = null;
                    savedAt = time.GetTimestamp();
                }
                done++;
                calls += written.Calls;
                points += written.Points;
                dropped += written.LinesDropped;
                unknown += written.UnknownValues;
                progress?.Report(new BackfillProgress(pbx.Name, written, done, windows.Count, reader.RowsFetched, calls, points, time.GetElapsedTime(clock))
                {
                    Checkpointed = stored?.Value,
                });
            }
            failed = false;
        }
        finally
        {
            if (batch is not null)
            {
                // Finished or cancelled: the windows counted as done are written (even if cancellation arrives now). Failed: only
                // what InfluxDB acknowledged is checkpointed, never a window still pending or one abandoned.
                if (!failed)
                    await windowWriter.FlushAsync(batch, CancellationToken.None);
                dropped += batch.LinesDropped;
                if (batch.DurableThrough is { } durable && lastDone is { } last && (durable < last ? durable : last) > (stored?.Value ?? DateTimeOffset.MinValue))
                    unsaved = durable < last ? durable : last;
            }
            if (unsaved is { } end)
                await CheckpointAsync(end);
        }

        // InfluxDB holds the windows up to end: the periods they completed are rolled up (all of them once the range is done)
        // before end is checkpointed, even if cancellation arrives just now. A recompute that fails is a warning and leaves
        // its periods marked (QueueRollups), as for the sync: it does not hold the checkpoint back.
        async Task<StoredProgress?> CheckpointAsync(DateTimeOffset end)
        {
            if (rollups is not null)
                await rollups.RecomputeAsync(pbx.Name, end >= range.To ? null : end, CancellationToken.None);
            if (end <= (stored?.Value ?? range.From))
                return stored;
            return await checkpoints.CompareAndSetCheckpointAsync(pbx.Name, range.Key, stored, end, CancellationToken.None)
                ?? throw new ProgressConflictException(pbx.Name, $"backfill checkpoint of {range.Key}");
        }

        return new BackfillResult(pbx.Name, range, resumedFrom, done, windows.Count, reader.RowsFetched, calls, points, dropped, unknown, time.GetElapsedTime(clock))
        {
            RowsSkipped = skipped.Count,
        };
    }

    // The end of the last window (from first on) that ends within the batch span of first's start; first's end at least.
    DateTimeOffset BatchEnd(List<CallWindow> windows, CallWindow first)
    {
        var end = first.End;
        foreach (var w in windows)
            if (w.Start >= end && w.End <= first.Start + _batching.Span)
                end = w.End;
        return end;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: resuming an interrupted backfill from {From:O}")]
    static partial void LogResuming(ILogger logger, string pbx, DateTimeOffset from);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: backfill interrupted; window {Window} abandoned (not checkpointed; the next run redoes it)")]
    static partial void LogAbandoned(ILogger logger, string pbx, string window);
}
