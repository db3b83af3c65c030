using Collector.Configuration;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// The KPI flags of one queue passage, per docs/kpi.md (A = answered, Ab = abandoned, W = wait):
/// <list type="bullet">
/// <item><b>short abandon</b>: abandoned and W &lt; S. Never eligible, whatever the formula.</item>
/// <item><b>AnsweredOnly</b> (A≤T / A): eligible = answered; met = answered and W ≤ T.</item>
/// <item><b>AbandonsPositive</b> ((A≤T + Ab≤T) / (A + Ab)): eligible = answered or abandoned; met = eligible and W ≤ T.</item>
/// <item><b>AbandonsNegative</b> (A≤T / (A + Ab), the default): eligible = answered or abandoned; met = answered and W ≤ T.</item>
/// <item><b>AbandonsWithinTIgnored</b> (A≤T / (A + Ab&gt;T)): eligible = answered, or abandoned with W &gt; T; met = answered and W ≤ T.</item>
/// <item><b>overflow</b>: neither answered nor abandoned, never eligible. The passage is offered to its queue (it
/// counts as offered there); the next queue's passage carries the call on and is classified on its own.</item>
/// </list>
/// T is the passage's queue's own (<see cref="SlaThresholds"/>: configured override, else 3CX's SLATime, else the default).
/// The threshold is inclusive (W = T meets it); <c>met</c> implies <c>eligible</c>, so SL% = sum(sl_met) / sum(sl_eligible)
/// = mean(sl_met) over eligible passages for every formula.
/// </summary>
internal static class PassageKpi
{
    public static (bool ShortAbandon, bool SlEligible, bool SlMet) Classify(QueuePassage p, KpiSettings kpi)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(kpi);
        var answered = p.Outcome == PassageOutcomes.Answered;
        var abandoned = p.Outcome == PassageOutcomes.Abandoned;
        var shortAbandon = abandoned && p.Wait < kpi.ShortAbandon;
        var countedAbandon = abandoned && !shortAbandon;
        var withinT = p.Wait <= kpi.ThresholdFor(p.Queue);

        var eligible = kpi.Formula switch
        {
            SlaFormula.AnsweredOnly => answered,
            SlaFormula.AbandonsWithinTIgnored => answered || (countedAbandon && !withinT),
            _ => answered || countedAbandon, // AbandonsPositive, AbandonsNegative
        };
        var met = eligible && withinT && (answered || kpi.Formula == SlaFormula.AbandonsPositive);
        return (shortAbandon, eligible, met);
    }
}
