namespace Collector.Tests.Grafana.Dashboards;

/// <summary>A queue's KPIs over a range, computed from the truth; null where there is nothing to average.</summary>
public sealed record QueueKpis(int Offered, int Answered, int Abandoned, double? ServiceLevelPercent, double? AsaSeconds);

/// <summary>
/// The docs/kpi.md definitions applied to the simulator's truth, independently of the collector: the unit is the queue
/// passage of a finished call (only those are in the call log), stamped at its queue entry; T = 20 s, S = 5 s, formula
/// AbandonsNegative (the defaults). Offered excludes short abandons (abandoned with wait &lt; S); abandoned is wait ≥ S;
/// SL% = answered with wait ≤ T / (answered + abandoned); ASA = mean wait of answered passages.
/// </summary>
public static class TruthKpis
{
    public const double ThresholdSeconds = 20;
    public const double ShortAbandonSeconds = 5;

    /// <summary>Per queue number, the KPIs of passages that entered the queue in [from, to].</summary>
    public static IReadOnlyDictionary<string, QueueKpis> PerQueue(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        Passages(calls, from, to).GroupBy(p => p.Queue).ToDictionary(g => g.Key, g => Compute(g.ToArray()), StringComparer.Ordinal);

    /// <summary>The KPIs of every passage that entered a queue in [from, to].</summary>
    public static QueueKpis Total(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        Compute(Passages(calls, from, to).ToArray());

    /// <summary>Per answering agent, the passages answered in [from, to].</summary>
    public static IReadOnlyDictionary<string, int> AnsweredPerAgent(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        Passages(calls, from, to).Where(p => p.Outcome == "answered" && p.Agent is not null)
            .GroupBy(p => p.Agent!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    static IEnumerable<TruthPassage> Passages(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        calls.Where(c => c.End is not null).SelectMany(c => c.Passages).Where(p => p.Enter >= from && p.Enter <= to);

    static QueueKpis Compute(IReadOnlyList<TruthPassage> passages)
    {
        bool IsAnswered(TruthPassage p) => p.Outcome == "answered";
        bool IsCountedAbandon(TruthPassage p) => p.Outcome == "abandoned" && p.WaitSeconds >= ShortAbandonSeconds;
        bool IsShortAbandon(TruthPassage p) => p.Outcome == "abandoned" && p.WaitSeconds < ShortAbandonSeconds;

        var answered = passages.Where(IsAnswered).ToArray();
        var abandoned = passages.Count(IsCountedAbandon);
        var eligible = answered.Length + abandoned;
        var met = answered.Count(p => p.WaitSeconds <= ThresholdSeconds);
        return new QueueKpis(
            passages.Count(p => !IsShortAbandon(p)),
            answered.Length,
            abandoned,
            eligible == 0 ? null : 100.0 * met / eligible,
            answered.Length == 0 ? null : answered.Average(p => p.WaitSeconds));
    }
}
