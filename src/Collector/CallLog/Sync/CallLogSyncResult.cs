namespace Collector.CallLog.Sync;

/// <summary>What one <see cref="CallLogSync.SyncOnceAsync"/> run did; <see cref="Error"/> is set when it failed.</summary>
/// <param name="Pbx">The PBX's name.</param>
/// <param name="Rows">Call-log rows read (window margins included).</param>
/// <param name="Calls">Calls written.</param>
/// <param name="Points">Points written.</param>
/// <param name="UnknownValues">Unknown Direction/CallType/Status values met.</param>
/// <param name="Watermark">The watermark after the run (unchanged by a failed window), or null if none was ever set.</param>
/// <param name="Lag">Now − watermark: how far behind the PBX the call-log data in InfluxDB may be.</param>
/// <param name="Duration">How long the run took.</param>
/// <param name="Windows">Windows written in this run.</param>
internal sealed record CallLogSyncResult(
    string Pbx,
    int Rows,
    int Calls,
    int Points,
    long UnknownValues,
    DateTimeOffset? Watermark,
    TimeSpan Lag,
    TimeSpan Duration,
    int Windows,
    Exception? Error)
{
    public bool Ok => Error is null;

    /// <summary>The PBX's clock minus this machine's, when the PBX showed its clock (<c>ServerNow</c> or <c>Date</c>).</summary>
    public TimeSpan? ClockSkew { get; init; }

    /// <summary>Whether <see cref="ClockSkew"/> was beyond <c>CallLog:MaxClockSkew</c> (a warning was due).</summary>
    public bool ClockSkewExceeded { get; init; }

    /// <summary>Distinct call-log rows this run could not read and skipped (re-read ones again each run).</summary>
    public int RowsSkipped { get; init; }

    /// <summary>Of <see cref="RowsSkipped"/>, those seen for the first time (stored in the quarantine now).</summary>
    public int RowsQuarantined { get; init; }

    /// <summary>Whether the run read everything after the watermark with its margin (a full run), not only where new rows can be.</summary>
    public bool FullRead { get; init; } = true;

    /// <summary>Calls of the run's windows not written again because their lines were written before, unchanged.</summary>
    public int CallsUnchanged { get; init; }

    /// <summary>Whether an incremental run read the stretches of the calls that ended since they were last read (a stretch run).</summary>
    public bool EndedCallsRead { get; init; }

    /// <summary>Calls that ended and whose stretch is still to be read (again, for rows written late) after this run.</summary>
    public int EndedCallsPending { get; init; }

    /// <summary>The <c>result</c> tag of the run's <c>collector</c> point.</summary>
    public string ResultTag => Ok ? "ok" : "error";
}
