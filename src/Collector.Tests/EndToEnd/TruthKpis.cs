using Collector.Configuration;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The KPI rules of docs/kpi.md written again, independently of the collector's code, over the simulator's ground
/// truth: the unit is the queue passage, T = threshold, S = short-abandon limit.
/// <list type="bullet">
/// <item>short abandon: abandoned with wait &lt; S; offered = passages − short abandons; abandoned counts without them;</item>
/// <item>SL, per formula: AnsweredOnly A≤T / A; AbandonsPositive (A≤T + Ab≤T) / (A + Ab); AbandonsNegative A≤T / (A + Ab);
/// AbandonsWithinTIgnored A≤T / (A + Ab&gt;T); Ab never includes short abandons; ≤ T is inclusive;</item>
/// <item>ASA = mean wait of answered passages; AHT = mean talk of answered passages; longest wait = max wait of all.</item>
/// </list>
/// </summary>
public static class TruthKpis
{
    public static Dictionary<QueueDay, QueueDayKpis> Compute(IEnumerable<TruthCall> calls, double thresholdS, double shortAbandonS, SlaFormula formula)
    {
        var result = new Dictionary<QueueDay, QueueDayKpis>();
        var passages = calls.SelectMany(c => c.Passages)
            .GroupBy(p => new QueueDay(p.Queue, DateOnly.FromDateTime(p.Enter.UtcDateTime)));
        foreach (var day in passages)
        {
            var list = day.ToList();
            var answered = list.Where(p => p.Outcome == "answered").ToList();
            var abandonedAll = list.Where(p => p.Outcome == "abandoned").ToList();
            var shortAbandons = abandonedAll.Count(p => p.WaitS < shortAbandonS);
            var abandoned = abandonedAll.Where(p => p.WaitS >= shortAbandonS).ToList();
            var answeredInT = answered.Count(p => p.WaitS <= thresholdS);
            var abandonedInT = abandoned.Count(p => p.WaitS <= thresholdS);
            var (eligible, met) = formula switch
            {
                SlaFormula.AnsweredOnly => (answered.Count, answeredInT),
                SlaFormula.AbandonsPositive => (answered.Count + abandoned.Count, answeredInT + abandonedInT),
                SlaFormula.AbandonsNegative => (answered.Count + abandoned.Count, answeredInT),
                SlaFormula.AbandonsWithinTIgnored => (answered.Count + abandoned.Count - abandonedInT, answeredInT),
                _ => throw new ArgumentOutOfRangeException(nameof(formula)),
            };
            result[day.Key] = new QueueDayKpis(
                Passages: list.Count,
                Offered: list.Count - shortAbandons,
                Answered: answered.Count,
                Abandoned: abandoned.Count,
                ShortAbandons: shortAbandons,
                SlEligible: eligible,
                SlMet: met,
                AsaS: answered.Count == 0 ? null : answered.Average(p => p.WaitS),
                AhtS: answered.Count == 0 ? null : answered.Average(p => p.TalkS),
                LongestWaitS: list.Max(p => p.WaitS));
        }
        return result;
    }

    /// <summary>Finished calls per UTC day of their start, direction and outcome.</summary>
    public static Dictionary<string, int> CallCounts(IEnumerable<TruthCall> calls) =>
        calls.GroupBy(c => $"{DateOnly.FromDateTime(c.Start.UtcDateTime):yyyy-MM-dd} {c.Direction} {c.Outcome}")
            .ToDictionary(g => g.Key, g => g.Count());
}
