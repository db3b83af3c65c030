using Collector.Configuration;

namespace Collector.Reconcile;

/// <summary>
/// The service-level threshold T that applied to a queue on a day, which is the <c>waitInterval</c> 3CX's SLA report is
/// asked with: the largest <c>sl_threshold_s</c> of our passages of that queue and day when our points carry one (the
/// collector writes the T of each passage), else <c>Sla:ThresholdSeconds</c>.
/// </summary>
internal static class SlaThreshold
{
    public static TimeSpan For(IEnumerable<OurPassage> passages, SlaOptions sla)
    {
        ArgumentNullException.ThrowIfNull(sla);
        var written = passages.Select(p => p.SlThresholdSeconds).Where(t => t is > 0).Max();
        return TimeSpan.FromSeconds(written ?? sla.ThresholdSeconds);
    }
}
