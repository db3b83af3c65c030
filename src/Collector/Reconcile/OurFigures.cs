namespace Collector.Reconcile;

/// <summary>
/// Our numbers of one queue and day, computed from our passages with the definition 3CX's report uses for each KPI
/// (docs/reconciliation.md). Counts are exact; waits are summed in ticks, so equal data gives a difference of exactly 0.
/// </summary>
internal static class OurFigures
{
    public static IReadOnlyDictionary<string, decimal> Of(IReadOnlyCollection<OurPassage> passages, TimeSpan threshold)
    {
        var abandoned = passages.Where(p => p.Abandoned && !p.ShortAbandon).ToList();
        var answered = passages.Where(p => p.Answered).ToList();
        return new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [ReconcileKpis.Received] = passages.Count(p => !p.ShortAbandon),
            [ReconcileKpis.Answered] = answered.Count,
            [ReconcileKpis.SlaReceived] = passages.Count,
            [ReconcileKpis.BadSla] = passages.Count(p => (p.Answered || p.Abandoned) && p.WaitTicks > threshold.Ticks),
            [ReconcileKpis.Abandoned] = abandoned.Count,
            [ReconcileKpis.AbandonedWaitSeconds] = Seconds(abandoned.Sum(p => p.WaitTicks)),
            [ReconcileKpis.AnsweredWaitSeconds] = Seconds(answered.Sum(p => p.WaitTicks)),
        };
    }

    /// <summary>Ticks as exact decimal seconds.</summary>
    public static decimal Seconds(long ticks) => ticks / (decimal)TimeSpan.TicksPerSecond;
}
