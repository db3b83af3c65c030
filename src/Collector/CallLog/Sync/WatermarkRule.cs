using Collector.Configuration;

namespace Collector.CallLog.Sync;

/// <summary>
/// Where the sync's watermark may move after a run (docs/call-log-sync.md, "Watermark"). A call appears in the
/// call log only once it has ended, so the watermark may pass a moment only when every call that started before it
/// has ended: new watermark = min(now − SettleDelay, earliest start of a call in progress), never moving backwards.
/// "Now" is the PBX's own clock (<c>ServerNow</c>, else the <c>Date</c> header of the <c>ActiveCalls</c> answer), never
/// this machine's: a PBX clock behind ours would otherwise put the watermark in the PBX's future, and calls starting
/// there would be skipped for good. When the PBX showed no clock at all, the watermark never passes the newest row it
/// listed in an earlier run (less SettleDelay), and stays put when it listed none.
/// Without <c>ActiveCalls</c> it falls back to now − InProgressHorizon (capped the same way when a row was seen). A call
/// in progress for longer than InProgressHorizon (or with no start time) holds the watermark back only that far, so
/// one stuck "ghost" call on the PBX cannot freeze the sync.
/// </summary>
internal static class WatermarkRule
{
    /// <summary>
    /// The new watermark; the caller stores it only after InfluxDB acknowledged the window it covers.
    /// <paramref name="newestRowShown"/>: the latest call-log row StartTime the PBX listed in an earlier run (a time its
    /// clock has certainly reached), used only when <paramref name="calls"/> has no PBX clock.
    /// </summary>
    public static DateTimeOffset Next(DateTimeOffset previous, InProgressCalls calls, CallLogOptions options, DateTimeOffset? newestRowShown = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(options);
        var horizon = calls.Now - options.InProgressHorizon;
        DateTimeOffset safe;
        if (!calls.Known)
            safe = horizon;
        else
        {
            safe = calls.Now - options.SettleDelay;
            if (calls.EarliestStart is { } earliest && earliest < safe)
                safe = earliest < horizon ? horizon : earliest;
        }

        if (!calls.ClockFromPbx)
        {
            // "Now" is this machine's clock, which may be ahead of the PBX's: never pass what the PBX has shown.
            if (newestRowShown is { } shown && shown - options.SettleDelay < safe)
                safe = shown - options.SettleDelay;
            else if (newestRowShown is null && calls.Known)
                safe = previous;
        }
        return safe > previous ? safe : previous;
    }

    /// <summary>Whether a call in progress since <paramref name="start"/> is older than the horizon (worth a warning).</summary>
    public static bool IsBeyondHorizon(DateTimeOffset start, InProgressCalls calls, CallLogOptions options) =>
        start < calls.Now - options.InProgressHorizon;

    /// <summary>Whether the PBX's clock is further from this machine's than <c>CallLog:MaxClockSkew</c> (either way).</summary>
    public static bool IsSkewBeyondTolerance(InProgressCalls calls, CallLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(options);
        return calls.Skew is { } skew && skew.Duration() > options.MaxClockSkew;
    }
}
