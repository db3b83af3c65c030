using Collector.Configuration;

namespace Collector.CallLog.Sync;

/// <summary>
/// Where the sync's watermark may move after a run (docs/call-log-sync.md, "Watermark"). A call appears in the
/// call log only once it has ended, so the watermark may pass a moment only when every call that started before it
/// has ended: new watermark = min(now − SettleDelay, earliest start of a call in progress), never moving backwards.
/// Without <c>ActiveCalls</c> it falls back to now − InProgressHorizon. A call in progress for longer than
/// InProgressHorizon (or with no start time) holds the watermark back only that far, so one stuck "ghost" call on the
/// PBX cannot freeze the sync.
/// </summary>
internal static class WatermarkRule
{
    /// <summary>The new watermark; the caller stores it only after InfluxDB acknowledged the window it covers.</summary>
    public static DateTimeOffset Next(DateTimeOffset previous, InProgressCalls calls, CallLogOptions options)
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
        return safe > previous ? safe : previous;
    }

    /// <summary>Whether a call in progress since <paramref name="start"/> is older than the horizon (worth a warning).</summary>
    public static bool IsBeyondHorizon(DateTimeOffset start, InProgressCalls calls, CallLogOptions options) =>
        start < calls.Now - options.InProgressHorizon;
}
