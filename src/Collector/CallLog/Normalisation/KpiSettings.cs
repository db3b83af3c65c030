using Collector.Configuration;

namespace Collector.CallLog.Normalisation;

/// <summary>The KPI parameters a queue passage is classified with (see <see cref="PassageKpi"/>).</summary>
/// <param name="Thresholds">T per queue (<see cref="SlaThresholds"/>): answered within its queue's T meets the service level.</param>
/// <param name="ShortAbandon">S (<c>Sla__ShortAbandonSeconds</c>): abandoned with a wait below S is a short abandon; zero turns it off.</param>
/// <param name="Formula">Which passages are eligible and which meet the service level (<c>Sla__Formula</c>).</param>
internal sealed record KpiSettings(SlaThresholds Thresholds, TimeSpan ShortAbandon, SlaFormula Formula)
{
    /// <summary>The same T for every queue.</summary>
    public KpiSettings(TimeSpan threshold, TimeSpan shortAbandon, SlaFormula formula)
        : this(new SlaThresholds((int)threshold.TotalSeconds), shortAbandon, formula)
    {
    }

    /// <summary>The settings of validated <see cref="SlaOptions"/> (without 3CX's SLATimes: <see cref="WithSlaTimes"/>).</summary>
    public static KpiSettings From(SlaOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new KpiSettings(SlaThresholds.From(o), TimeSpan.FromSeconds(o.ShortAbandonSeconds), o.Formula);
    }

    /// <summary>The same settings with one PBX's SLATime per queue DN.</summary>
    public KpiSettings WithSlaTimes(IReadOnlyDictionary<string, int> slaTimes) => this with { Thresholds = Thresholds.WithSlaTimes(slaTimes) };

    /// <summary>T of the queue with this DN.</summary>
    public TimeSpan ThresholdFor(string queue) => Thresholds.For(queue);
}
