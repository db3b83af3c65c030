using Collector.Configuration;

namespace Collector.CallLog.Normalisation;

/// <summary>The KPI parameters a queue passage is classified with (see <see cref="PassageKpi"/>).</summary>
/// <param name="Threshold">T (<c>Sla__ThresholdSeconds</c>): answered within T meets the service level.</param>
/// <param name="ShortAbandon">S (<c>Sla__ShortAbandonSeconds</c>): abandoned with a wait below S is a short abandon; zero turns it off.</param>
/// <param name="Formula">Which passages are eligible and which meet the service level (<c>Sla__Formula</c>).</param>
internal sealed record KpiSettings(TimeSpan Threshold, TimeSpan ShortAbandon, SlaFormula Formula)
{
    /// <summary>The settings of validated <see cref="SlaOptions"/>.</summary>
    public static KpiSettings From(SlaOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new KpiSettings(TimeSpan.FromSeconds(o.ThresholdSeconds), TimeSpan.FromSeconds(o.ShortAbandonSeconds), o.Formula);
    }
}
