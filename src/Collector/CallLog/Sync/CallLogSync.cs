using System.Collections.Concurrent;
using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// One run of the call-log sync for one PBX (the Quartz job calls it every <c>Schedules:CallLogSyncInterval</c>):
/// <list type="number">
/// <item>read <c>ActiveCalls</c> first: the PBX's clock ("now": <c>ServerNow</c>, else the answer's <c>Date</c> header) and
/// the earliest start of a call in progress; a PBX clock further than <c>CallLog:MaxClockSkew</c> from this machine's is
/// a warning, counted on the run's point;</item>
/// <item>from the stored watermark W (first run: now − <c>CallLog:InitialLookback</c>) to now, in windows of at most
/// <see cref="CatchUpWindow"/>, read the rows from window start − <c>CallLog:MaxCallSpan</c>, write every call that
/// started in the window (finished calls only: 3CX lists a call once it has ended);</item>
/// <item>after InfluxDB acknowledged a window, move W to min(window end, <see cref="WatermarkRule"/>'s target);</item>
/// <item>a row that cannot be read is skipped, counted (<c>rows_skipped</c>) and kept in the state database
/// (<see cref="RowQuarantine"/>, before its window is written); the rest of the window is written as usual;</item>
/// <item>put a <c>collector</c> point describing the run into the outbox.</item>
/// </list>
/// That is a full run. Most runs are incremental (<see cref="IncrementalSyncState"/>): they read only from where rows can
/// have appeared since the last run (less <c>CallLog:IncrementalOverlap</c>), take the calls around that from memory, and
/// skip calls whose points are unchanged; the stretches of calls that were in progress and have ended are read together
/// every <c>CallLog:EndedCallsReadInterval</c>, the watermark held at each one's start until then; one run every
/// <c>CallLog:FullSyncInterval</c>, the first after a start and the first after a failure are full. Calls written again by a full run overwrite themselves. A failure ends the run
/// with result <c>error</c> and leaves the watermark where the last acknowledged window put it.
/// </summary>
internal sealed partial class CallLogSync(
    PbxCallLogs logs,
    InProgressCallsReader inProgressReader,
    CallLogWindowWriter windowWriter,
    IWatermarkStore watermarks,
    SyncRunRecorder recorder,
    RowQuarantine quarantine,
    CallLogOptions options,
    TimeProvider time,
    ILogger<CallLogSync> logger)
{
    /// <summary>The watermark's stream name in the state store.</summary>
    public const string Stream = "calllog";

    /// <summary>The longest window one read covers when the sync is behind (first run, after an outage).</summary>
    public static readonly TimeSpan CatchUpWindow = TimeSpan.FromHours(1);

    readonly CallLogRowFetcher _fetcher = new(options.ReportRowLimit, logger);

    /// <summary>Per PBX, the latest row StartTime it listed (a time its clock has reached), for a PBX that shows no clock.</summary>
    readonly ConcurrentDictionary<string, DateTimeOffset> _newestRowShown = new(StringComparer.Ordinal);

    /// <summary>Per PBX, what incremental runs remember between runs (in memory only).</summary>
    readonly ConcurrentDictionary<string, IncrementalSyncState> _incremental = new(StringComparer.Ordinal);

    /// <summary>The incremental state of a PBX (for tests).</summary>
    internal IncrementalSyncState IncrementalStateOf(string pbx) => _incremental.GetOrAdd(pbx, _ => new IncrementalSyncState());

    /// <summary>
    /// <c>CallLog:EndedCallsReadInterval</c>, where the window writer replaces stored points that no longer match (InfluxDB
    /// 1.x): an ordinary run can see a late leg of an ended call whose start it has not read yet and write it as a call of
    /// its own; the stretch run that reads the call whole replaces that point. Without that (InfluxDB 2.x and 3) the ended
    /// calls' stretches are read at once, as before.
    /// </summary>
    TimeSpan EndedCallsReadInterval => windowWriter.ReplacesStalePoints ? options.EndedCallsReadInterval : TimeSpan.Zero;

    /// <summary>Per PBX whose clock is beyond the tolerance: when the warning was last logged (this machine's clock).</summary>
    readonly ConcurrentDictionary<string, DateTimeOffset> _skewWarnedAt = new(StringComparer.Ordinal);

    /// <summary>A skew beyond the tolerance is logged when it starts and again at most this often while it lasts.</summary>
    public static readonly TimeSpan SkewWarningInterval = TimeSpan.FromHours(1);

    /// <summary>Syncs once; never throws but for cancellation (a failure is the result's <see cref="CallLogSyncResult.Error"/>).</summary>
    public async Task<CallLogSyncResult> SyncOnceAsync(PbxOptions pbx, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        var startedAt = time.GetUtcNow();
        var clock = time.GetTimestamp();
        var now = startedAt;
        DateTimeOffset? watermark = null;
        int rows = 0, calls = 0, points = 0, windows = 0, unchanged = 0;
        var full = true;
        var endedCallsRead = false;
        var moved = false;
        var state = IncrementalStateOf(pbx.Name);
        // FullSyncInterval 0: every run full, exactly as before incremental runs (nothing remembered, nothing fingerprinted).
        var owned = options.FullSyncInterval > TimeSpan.Zero && state.TryEnter();
        long unknown = 0;
        TimeSpan? skew = null;
        var skewExceeded = false;
        var skipped = new SkippedRows();
        var quarantined = 0;
        Exception? error = null;
        try
        {
            var source = logs.For(pbx);
            var inProgress = await inProgressReader.ReadAsync(pbx.Name, source.Client, cancellationToken);
            now = inProgress.Now;
            skew = inProgress.Skew;
            skewExceeded = WatermarkRule.IsSkewBeyondTolerance(inProgress, options);
            WarnAboutSkew(pbx.Name, inProgress, skewExceeded, startedAt);
            var stored = await watermarks.ReadWatermarkAsync(pbx.Name, Stream, cancellationToken) ?? await FirstWatermarkAsync(pbx.Name, now, cancellationToken);
            watermark = stored.Value;

            if (owned && state.Ready && !state.LeftBy(stored))
            {
                // Another instance ran this PBX since this one's last run (a cluster hands each firing to any node), or the
                // watermark was set by hand: what this instance remembers may lack what was read and written meanwhile.
                state.Reset();
                LogAnotherWriter(logger, pbx.Name);
            }

            var target = WatermarkRule.Next(watermark.Value, inProgress, options,
                _newestRowShown.TryGetValue(pbx.Name, out var shown) ? shown : null);
            if (!inProgress.ClockFromPbx && inProgress.Known)
                LogNoPbxClock(logger, pbx.Name);
            if (inProgress.EarliestStart is { } oldest && WatermarkRule.IsBeyondHorizon(oldest, inProgress, options))
                LogGhostCall(logger, pbx.Name, oldest, options.InProgressHorizon);

            var incremental = owned ? state.Plan(inProgress, watermark.Value, options, EndedCallsReadInterval) : null;
            full = incremental is null;
            endedCallsRead = incremental is { EndedCalls: true };
            if (full && owned)
                state.StartFull();
            if (owned)
                target = state.HoldWatermark(target, watermark.Value, now, full || endedCallsRead, options);
            IReadOnlyList<CallWindow> plan = [.. CallWindow.Split(incremental?.From ?? watermark.Value, now, CatchUpWindow)];
            // The log is read after ActiveCalls: a call in progress then may have ended since, with legs after "now". Reading
            // past "now" sees such a call whole enough to know it ended after "now"; it is left for the next run (below).
            var readUpTo = now + options.MaxCallSpan;
            DateTimeOffset? unfinishedFrom = null;
            if (!full && plan.Count > 0)
            {
                // Incremental: read only where new rows can be; the calls around them come from memory, whole.
                var read = await _fetcher.FetchAsync(pbx.Name, source.Client, new RowRange(plan[0].Start, readUpTo), skipped, cancellationToken);
                quarantined += await quarantine.KeepAsync(pbx.Name, skipped.TakeNew(), cancellationToken);
                RememberNewestRow(pbx.Name, read);
                state.Rows.Add(read);
                rows += read.Count;
            }

            var keepFrom = IncrementalSyncState.KeepFrom(target, now, options);
            foreach (var window in plan)
            {
                List<CallLogRow> read;
                if (full)
                {
                    read = await _fetcher.FetchAsync(pbx.Name, source.Client, window.RowsToRead(options.MaxCallSpan, readUpTo), skipped, cancellationToken);
                    quarantined += await quarantine.KeepAsync(pbx.Name, skipped.TakeNew(), cancellationToken);
                    RememberNewestRow(pbx.Name, read);
                    rows += read.Count;
                    if (owned)
                        state.Rows.Add(read.Where(r => r.StartTime is not { } start || start >= keepFrom));
                }
                else
                {
                    read = state.Rows.RowsOfCallsTouching(window.Start - TimeSpan.FromSeconds(1), window.End + options.MaxCallSpan);
                }

                // A call the log shows ending after "now" is not written: it was in progress at the ActiveCalls read, so this read
                // may have only some of its legs. It holds W at its start and is read again, whole, by the next run.
                var written = await windowWriter.WriteAsync(source, window, read, owned ? state.Written : null, !full,
                    new InProgressEnds(now, now + options.InProgressHorizon), cancellationToken);
                if (written.UnfinishedFrom is { } unfinished && (unfinishedFrom is null || unfinished < unfinishedFrom))
                    unfinishedFrom = unfinished;
                calls += written.Calls;
                unchanged += written.CallsUnchanged;
                points += written.Points;
                unknown += written.UnknownValues;
                windows++;

                var next = window.End < target ? window.End : target;
                if (unfinishedFrom is { } hold && hold < next)
                    next = hold;
                if (next > watermark.Value)
                {
                    stored = await watermarks.CompareAndSetWatermarkAsync(pbx.Name, Stream, stored, next, cancellationToken)
                        ?? throw new ProgressConflictException(pbx.Name, "call-log watermark");
                    watermark = next;
                    moved = true;
                }
            }

            if (owned)
            {
                // Leave a version of this run's own even when the watermark stayed, so another instance's memory of the PBX
                // is known to be stale (IncrementalSyncState.LeftBy) whichever node runs it next.
                if (!moved)
                    stored = await watermarks.CompareAndSetWatermarkAsync(pbx.Name, Stream, stored, watermark.Value, cancellationToken)
                        ?? throw new ProgressConflictException(pbx.Name, "call-log watermark");
                state.Succeeded(inProgress, stored, full, endedCallsRead, options, unfinishedFrom);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (owned) state.Reset();
            throw;
        }
        catch (ProgressConflictException ex)
        {
            if (owned) state.Reset();   // what this instance remembers of the PBX's calls is another owner's business now
            error = ex;   // another owner moved the watermark: this run ends without moving it back
            LogWatermarkTaken(logger, pbx.Name, ex.Message);
        }
        catch (Exception ex)
        {
            if (owned) state.Reset();
            error = ex;
            if (ex is XapiException or InfluxWriteException or CallLogCapException or StateUnavailableException)
                LogFailed(logger, pbx.Name, ex.Message);
            else
                LogFailedUnexpectedly(logger, ex, pbx.Name);
        }
        finally
        {
            if (owned) state.Exit();
        }

        var lag = watermark is { } w ? now - w : TimeSpan.Zero;
        var result = new CallLogSyncResult(pbx.Name, rows, calls, points, unknown, watermark, lag, time.GetElapsedTime(clock), windows, error)
        {
            ClockSkew = skew,
            ClockSkewExceeded = skewExceeded,
            RowsSkipped = skipped.Count,
            RowsQuarantined = quarantined,
            FullRead = full,
            CallsUnchanged = unchanged,
            EndedCallsRead = endedCallsRead,
            EndedCallsPending = owned ? state.Ended.Count : 0,
        };
        if (result.Ok)
        {
            if (calls > 0) LogSynced(logger, pbx.Name, calls, rows, points, watermark!.Value, lag);
            else LogNothingNew(logger, pbx.Name, rows, watermark!.Value, lag);
        }
        await recorder.RecordAsync(result, startedAt, cancellationToken);
        return result;
    }

    void RememberNewestRow(string pbx, List<CallLogRow> rows)
    {
        DateTimeOffset? newest = null;
        foreach (var row in rows)
            if (row.StartTime is { } start && (newest is null || start > newest))
                newest = start;
        if (newest is { } value)
            _newestRowShown.AddOrUpdate(pbx, value, (_, old) => value > old ? value : old);
    }

    void WarnAboutSkew(string pbx, InProgressCalls inProgress, bool exceeded, DateTimeOffset localNow)
    {
        if (!exceeded)
        {
            // Back within the tolerance, as measured: a run where the PBX showed no clock says nothing either way.
            if (inProgress.Skew is not null && _skewWarnedAt.TryRemove(pbx, out _))
                LogSkewBack(logger, pbx, inProgress.Skew ?? TimeSpan.Zero, options.MaxClockSkew);
            return;
        }
        if (_skewWarnedAt.TryGetValue(pbx, out var last) && localNow - last < SkewWarningInterval)
            return;
        _skewWarnedAt[pbx] = localNow;
        var skew = inProgress.Skew!.Value;
        LogSkew(logger, pbx, skew.Duration(), skew > TimeSpan.Zero ? "ahead of" : "behind", inProgress.Clock, options.MaxClockSkew);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx}: the PBX's clock is {Skew} {Direction} this machine's (from its {Source}), beyond CallLog:MaxClockSkew ({Tolerance}). The call-log sync follows the PBX's clock, so no call is lost, but collector and live points are stamped by this machine's clock: keep both on NTP. Counted as clock_skew_exceeded on the collector point; repeated hourly while it lasts")]
    static partial void LogSkew(ILogger logger, string pbx, TimeSpan skew, string direction, PbxClockSource source, TimeSpan tolerance);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: the PBX's clock is within CallLog:MaxClockSkew ({Tolerance}) of this machine's again (skew {Skew})")]
    static partial void LogSkewBack(ILogger logger, string pbx, TimeSpan skew, TimeSpan tolerance);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PBX {Pbx}: the ActiveCalls answer showed no clock (no call in progress, no Date header); the call-log watermark does not pass the newest row the PBX listed")]
    static partial void LogNoPbxClock(ILogger logger, string pbx);

    /// <summary>A PBX's first sync: its watermark starts <c>CallLog:InitialLookback</c> before the PBX's now.</summary>
    async Task<StoredProgress> FirstWatermarkAsync(string pbx, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = await watermarks.CompareAndSetWatermarkAsync(pbx, Stream, null, now - options.InitialLookback, cancellationToken)
            ?? throw new ProgressConflictException(pbx, "call-log watermark");
        LogFirstSync(logger, pbx, first.Value);
        return first;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "PBX {Pbx}: the call-log watermark was moved by another writer since this instance's last run (another cluster node ran this PBX); this run reads in full")]
    static partial void LogAnotherWriter(ILogger logger, string pbx);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: first call-log sync; starting from {Watermark:O} (CallLog:InitialLookback; older history: collector backfill)")]
    static partial void LogFirstSync(ILogger logger, string pbx, DateTimeOffset watermark);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: a call has been in progress since {Start:O}, longer than CallLog:InProgressHorizon ({Horizon}); it no longer holds the call-log watermark back")]
    static partial void LogGhostCall(ILogger logger, string pbx, DateTimeOffset start, TimeSpan horizon);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: call log synced: {Calls} calls ({Rows} rows read, {Points} points) up to {Watermark:O}, lag {Lag}")]
    static partial void LogSynced(ILogger logger, string pbx, int calls, int rows, int points, DateTimeOffset watermark, TimeSpan lag);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PBX {Pbx}: call log synced, no finished calls ({Rows} rows read) up to {Watermark:O}, lag {Lag}")]
    static partial void LogNothingNew(ILogger logger, string pbx, int rows, DateTimeOffset watermark, TimeSpan lag);

    [LoggerMessage(Level = LogLevel.Error, Message = "PBX {Pbx}: call-log sync failed; the watermark stays and the next run retries: {Reason} (`collector check` says what to fix)")]
    static partial void LogFailed(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PBX {Pbx}: call-log sync stopped: {Reason}")]
    static partial void LogWatermarkTaken(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "PBX {Pbx}: call-log sync failed unexpectedly; the watermark stays and the next run retries")]
    static partial void LogFailedUnexpectedly(ILogger logger, Exception exception, string pbx);
}
