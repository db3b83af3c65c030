using Collector.CallLog.Sync;

namespace Collector.CallLog.Backfill;

/// <summary>Where a backfill stands after a finished window (reported through <see cref="IProgress{T}"/>).</summary>
/// <param name="Pbx">The PBX's name.</param>
/// <param name="Last">The window just finished (acknowledged by InfluxDB; checkpointed with the next batch, see <see cref="CallLogBackfill.CheckpointInterval"/>).</param>
/// <param name="WindowsDone">Windows finished in this run.</param>
/// <param name="WindowsTotal">Windows this run has to do (after any resume).</param>
/// <param name="Rows">Call-log rows read in this run (each fetched once).</param>
/// <param name="Calls">Calls written in this run.</param>
/// <param name="Points">Points written in this run.</param>
/// <param name="Elapsed">Time since this run started.</param>
internal sealed record BackfillProgress(
    string Pbx, WindowResult Last, int WindowsDone, int WindowsTotal, long Rows, long Calls, long Points, TimeSpan Elapsed)
{
    /// <summary>
    /// The checkpoint as stored now: where a run started after this one was killed would resume (windows finished after it
    /// are checkpointed with the next batch).
    /// </summary>
    public DateTimeOffset? Checkpointed { get; init; }

    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;

    /// <summary>Estimated time left, from the pace so far; null before the first window.</summary>
    public TimeSpan? Eta => WindowsDone == 0 ? null : Elapsed / WindowsDone * (WindowsTotal - WindowsDone);
}

/// <summary>What a backfill of one PBX did.</summary>
/// <param name="Pbx">The PBX's name.</param>
/// <param name="Range">The range asked for.</param>
/// <param name="ResumedFrom">Where this run started when it resumed an interrupted one, else null.</param>
/// <param name="WindowsDone">Windows finished in this run.</param>
/// <param name="WindowsTotal">Windows this run had to do.</param>
/// <param name="Rows">Rows read.</param>
/// <param name="Calls">Calls written.</param>
/// <param name="Points">Points written.</param>
/// <param name="LinesDropped">Points InfluxDB rejected as malformed.</param>
/// <param name="UnknownValues">Unknown Direction/CallType/Status values met.</param>
/// <param name="Elapsed">How long it took.</param>
internal sealed record BackfillResult(
    string Pbx,
    BackfillRange Range,
    DateTimeOffset? ResumedFrom,
    int WindowsDone,
    int WindowsTotal,
    long Rows,
    long Calls,
    long Points,
    long LinesDropped,
    long UnknownValues,
    TimeSpan Elapsed)
{
    public bool Completed => WindowsDone == WindowsTotal;

    /// <summary>Distinct call-log rows that could not be read: skipped and quarantined (see docs/call-log-sync.md).</summary>
    public long RowsSkipped { get; init; }
}
