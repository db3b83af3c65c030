using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Collector.Configuration;
using Microsoft.Extensions.Logging;

namespace Collector.State;

/// <summary>
/// Watches every use of the state database (through <see cref="GuardedProgressStore"/> and <see cref="GuardedOutbox"/>) and
/// says plainly what goes wrong with it, once, rather than in a stack trace per job run:
/// <list type="bullet">
/// <item>a failure (full or read-only disk, PostgreSQL away) becomes a <see cref="StateUnavailableException"/> whose message
/// explains it (<see cref="StateFault"/>); the first of a run of failures is logged as an error and the first success after
/// it as a warning with the count of operations that failed meanwhile (<see cref="FailedOperations"/> counts them all);</item>
/// <item>a fatal one (the file deleted or moved, the file corrupt) completes <see cref="Fatal"/>, which stops the worker
/// (<see cref="StateWatchService"/>) with that line and the last watermarks it knew, for the backfill that follows;</item>
/// <item>a watermark that is not there is a warning, once per PBX and stream: the sync starts again from its initial lookback,
/// which is right for a new PBX and a loss for one collected before.</item>
/// </list>
/// </summary>
internal sealed partial class StateHealth(StateDatabase database, StateOptions options, ILogger<StateHealth> logger)
{
    readonly TaskCompletionSource<StateUnavailableException> _fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentDictionary<(string Pbx, string Stream), DateTimeOffset> _watermarks = new();
    readonly ConcurrentDictionary<(string Pbx, string Stream), bool> _missingNoted = new();
    int _failing;
    long _failedOperations;
    long _failedSinceWritable;

    /// <summary>Completes with the error when the state database is lost or corrupt; the worker cannot go on without it.</summary>
    public Task<StateUnavailableException> Fatal => _fatal.Task;

    /// <summary>
    /// The fatal error with the last watermarks this process knew appended (they are the <c>--from</c> of the backfill
    /// that fills the gap after a new state database), or null while the database is fine.
    /// </summary>
    public StateUnavailableException? FatalError => _fatal.Task.IsCompletedSuccessfully ? WithWatermarks(_fatal.Task.Result) : null;

    /// <summary>How many state operations have failed since this process started (fatal ones included).</summary>
    public long FailedOperations => Interlocked.Read(ref _failedOperations);

    /// <summary>Runs one state operation; a failure comes out as a <see cref="StateUnavailableException"/> that explains it.</summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        T result;
        try
        {
            result = await operation();
        }
        catch (Exception error) when (IsStateFailure(error) && !cancellationToken.IsCancellationRequested)
        {
            throw Report(error);
        }
        if (Volatile.Read(ref _failing) == 1 && Interlocked.Exchange(ref _failing, 0) == 1)
            LogWritableAgain(logger, StateLocation.Describe(options), Interlocked.Exchange(ref _failedSinceWritable, 0));
        return result;
    }

    public Task GuardAsync(Func<Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return GuardAsync(async () =>
        {
            await operation();
            return true;
        }, cancellationToken);
    }

    /// <summary>Checks that the SQLite file is still where it was opened; reports it as fatal when it is not.</summary>
    public void CheckFilePresent()
    {
        try
        {
            database.EnsureFilePresent();
        }
        catch (StateUnavailableException error)
        {
            Report(error);
        }
    }

    public void NoteWatermark(string pbx, string stream, DateTimeOffset value) => _watermarks[(pbx, stream)] = value;

    /// <summary>A watermark was asked for and is not there: warn once per PBX and stream.</summary>
    public void NoteMissingWatermark(string pbx, string stream)
    {
        if (!_missingNoted.TryAdd((pbx, stream), true))
            return;
        var where = StateLocation.Describe(options);
        if (database.CreatedNew)
            LogNoWatermarkInNewDatabase(logger, pbx, stream, where);
        else
            LogNoWatermark(logger, pbx, stream, where, database.PreviousStart?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "unknown");
    }

    /// <summary>Explains <paramref name="error"/>, logs it (once per run of failures, or as fatal) and returns what to throw.</summary>
    StateUnavailableException Report(Exception error)
    {
        var explained = StateFault.Explain(error, options);
        Interlocked.Increment(ref _failedOperations);
        Interlocked.Increment(ref _failedSinceWritable);
        database.ReleasePooledConnections();
        if (StateFault.IsFatal(explained.Kind))
        {
            if (_fatal.TrySetResult(explained))
                LogFatal(logger, WithWatermarks(explained).Message);
        }
        else if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            LogFailing(logger, explained.Message);
        }
        return explained;
    }

    StateUnavailableException WithWatermarks(StateUnavailableException error)
    {
        if (_watermarks.IsEmpty)
            return error;
        var known = string.Join(", ", _watermarks.OrderBy(w => w.Key.Pbx, StringComparer.Ordinal).ThenBy(w => w.Key.Stream, StringComparer.Ordinal)
            .Select(w => string.Create(CultureInfo.InvariantCulture, $"PBX {w.Key.Pbx} {w.Key.Stream} {w.Value.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}")));
        return new StateUnavailableException($"{error.Message} Last watermarks before the failure: {known}.", error.InnerException, error.Kind);
    }

    static bool IsStateFailure(Exception error) =>
        error is DbException or IOException or UnauthorizedAccessException or StateUnavailableException;

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Error}")]
    static partial void LogFatal(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Error} The collector keeps trying; this is logged once until the state database can be written again.")]
    static partial void LogFailing(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State database writable again ({Where}) after {Failed} failed state operations; collecting continues from the stored watermarks")]
    static partial void LogWritableAgain(ILogger logger, string where, long failed);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "PBX {Pbx}: no {Stream} watermark in the state database ({Where}), which was created empty at this start. On a first installation " +
        "that is expected. If this collector ran before, its state is gone (file deleted, moved or on a new volume): the sync starts again from " +
        "its initial lookback (CallLog__InitialLookback), and calls older than that are not read again unless you run `collector backfill` for " +
        "them; calls written again overwrite their points, never double them")]
    static partial void LogNoWatermarkInNewDatabase(ILogger logger, string pbx, string stream, string where);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "PBX {Pbx}: no {Stream} watermark in the state database ({Where}, last started {PreviousStart}): the sync of this PBX starts from " +
        "its initial lookback (CallLog__InitialLookback). That is expected for a PBX new to this collector (or renamed); otherwise its " +
        "watermark was removed, and calls older than the lookback need `collector backfill`")]
    static partial void LogNoWatermark(ILogger logger, string pbx, string stream, string where, string previousStart);
}
