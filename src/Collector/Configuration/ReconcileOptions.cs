using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// The daily reconciliation with 3CX's own reports (configuration keys <c>Reconcile:…</c>, durations as <c>hh:mm:ss</c>).
/// docs/reconciliation.md says what is compared and how.
/// </summary>
internal sealed class ReconcileOptions
{
    /// <summary>Whether the worker runs the daily reconcile job for every enabled PBX. Default true (<c>collector reconcile</c> works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time of day (UTC) the daily job runs. Default 03:00:00.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan RunAt { get; set; } = TimeSpan.FromHours(3);

    /// <summary>
    /// How many finished days each daily run compares: yesterday and the days before it, so a day is checked again after
    /// late call-log rows or a backfill (rewriting its points). Default 7.
    /// </summary>
    [Range(1, 90), Unit("days")]
    public int DaysBack { get; set; } = 7;

    /// <summary>
    /// A day counts as finished this long after its end: calls that began late in the day must have ended (3CX lists a
    /// call once it has ended) before both sides can be counted. Default 01:00:00.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SettleDelay { get; set; } = TimeSpan.FromHours(1);
}
