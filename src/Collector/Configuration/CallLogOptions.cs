using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// How the call log is read in windows (configuration keys <c>CallLog:…</c>, durations as <c>hh:mm:ss</c>).
/// docs/call-log-sync.md explains each rule with examples.
/// </summary>
internal sealed class CallLogOptions
{
    /// <summary>
    /// L: the longest time between the first and the last leg START of one call (a single long leg has span 0).
    /// Every window is read with this much extra before it (and, for history, after it) so each call is seen whole
    /// and calls that began before the window are recognised and skipped. Default 1 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan MaxCallSpan { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The sync's watermark stays at least this far behind the PBX's clock, for rows 3CX writes a little late.
    /// Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A PBX clock further than this from this machine's (either way) is a warning: logged, and counted on the sync's
    /// <c>collector</c> point (<c>clock_skew_exceeded</c> = 1). The sync itself follows the PBX's clock, so no call is lost
    /// to skew; but <c>collector</c> and live points are stamped by this machine's clock. Default 30 s (as <c>collector check</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When <c>ActiveCalls</c> cannot be read, the watermark stays this far behind now instead (calls that last
    /// longer than this may then be missed). Default 2 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan InProgressHorizon { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Incremental sync: a run reads the call log only from where new rows can be (the stretch since the run before,
    /// and the start of each call that <c>ActiveCalls</c> showed in progress and that has ended since) less this much,
    /// for the PBX's clock readings (whole-second <c>Date</c> headers) and a call's first leg starting a little before
    /// its <c>EstablishedAt</c>. Default 2 min. See docs/call-log-sync.md, "Incremental runs".
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan IncrementalOverlap { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Incremental sync: a call that <c>ActiveCalls</c> showed in progress and that has ended has its rows from its start
    /// on, usually long before the last run. Those stretches are collected and read together (one read from the
    /// earliest such start, less the overlap) at most this long after the first of them was found; meanwhile the
    /// watermark stays at or before each such call's start, so nothing is lost across a restart. Ordinary runs read only
    /// the stretch since the last run (less the overlap). <c>00:00:00</c> reads each such stretch at once (the behaviour
    /// before). Default 5 min. Without InfluxQL (InfluxDB 2.x and 3) stretches are always read at once. See
    /// docs/call-log-sync.md, "Incremental runs".
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan EndedCallsReadInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// At least this often (by the PBX's clock) a run reads everything after the watermark with its margin, as every run
    /// did before incremental runs: a bounded cadence that heals whatever an incremental run could not see. The first
    /// run after a start, a failed run or an <c>ActiveCalls</c> read that failed also make the next run a full one.
    /// <c>00:00:00</c> makes every run full (the behaviour before incremental runs). Default 15 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first sync of a PBX (no watermark yet) starts this far back. Default 1 day; older history is for <c>collector backfill</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "90.00:00:00")]
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The most rows 3CX returns for one report query (its <c>REPORT_ROW_LIMIT</c> parameter, default 20 000). A read
    /// that reaches it is taken as cut short and read again in halves. Default 20000.
    /// </summary>
    [Range(100, 1_000_000), Unit("rows")]
    public int ReportRowLimit { get; set; } = 20_000;

    /// <summary>
    /// Whether the sync writes the list of callers to call back (the <c>callback</c> measurement: each abandoned caller's
    /// number, queue, hang-up and wait, and whether and when a later answered call to or from the number reached them).
    /// The numbers are personal data, shown only on the dashboards. Default true.
    /// </summary>
    public bool CallbackList { get; set; } = true;
}
