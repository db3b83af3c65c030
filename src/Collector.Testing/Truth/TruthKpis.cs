using System.Globalization;
using Collector.Configuration;

namespace Collector.Testing.Truth;

/// <summary>
/// The KPI rules of docs/kpi.md with their settings: T, the service-level threshold (<see cref="ThresholdSeconds"/> by
/// default, per queue <see cref="ThresholdFor"/>); S, the short-abandon limit; and the SL formula. <see cref="Defaults"/>
/// are the collector's defaults (20 s, 5 s, AbandonsNegative, no queue of its own T).
/// </summary>
public sealed record KpiRules(double ThresholdSeconds, double ShortAbandonSeconds, SlaFormula Formula)
{
    static readonly IReadOnlyDictionary<string, int> NoSlaTimes = new Dictionary<string, int>();
    static readonly IReadOnlyDictionary<string, double> NoThresholds = new Dictionary<string, double>();

    public static KpiRules Defaults { get; } = new(20, 5, SlaFormula.AbandonsNegative);

    /// <summary>3CX's SLATime per queue number, as the PBX serves it (0 = not set).</summary>
    public IReadOnlyDictionary<string, int> SlaTimes { get; init; } = NoSlaTimes;

    /// <summary>T configured per queue number (the collector's <c>Sla:Queues:&lt;DN&gt;:ThresholdSeconds</c>).</summary>
    public IReadOnlyDictionary<string, double> QueueThresholds { get; init; } = NoThresholds;

    /// <summary>T of a queue: its configured T, else its SLATime when above 0, else <see cref="ThresholdSeconds"/>.</summary>
    public double ThresholdFor(string queue) =>
        QueueThresholds.TryGetValue(queue, out var configured) ? configured
        : SlaTimes.TryGetValue(queue, out var slaTime) && slaTime > 0 ? slaTime
        : ThresholdSeconds;
}

/// <summary>
/// The KPIs of a set of queue passages. Counts are passages; SL% = <see cref="SlMet"/> / <see cref="SlEligible"/>;
/// times in seconds, null where there is nothing to average (or no passage at all).
/// </summary>
public sealed record QueueKpis(
    int Passages,
    int Offered,
    int Answered,
    int Abandoned,
    int ShortAbandons,
    int SlEligible,
    int SlMet,
    double? AsaS,
    double? AhtS,
    double? LongestWaitS)
{
    /// <summary>100 × met / eligible; null when no passage is eligible.</summary>
    public double? ServiceLevelPercent => SlEligible == 0 ? null : 100.0 * SlMet / SlEligible;
}

/// <summary>A queue on a day (a UTC day, or a local day of the zone asked for).</summary>
public readonly record struct QueueDay(string Queue, DateOnly Day)
{
    public override string ToString() => $"queue {Queue} on {Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// The KPI rules written again, independently of the collector's code, over the simulator's ground truth. The unit
/// is the queue passage, stamped at its queue entry:
/// <list type="bullet">
/// <item>short abandon: abandoned with wait &lt; S; offered = passages − short abandons; abandoned counts without them;</item>
/// <item>T is the passage's queue's own (<see cref="KpiRules.ThresholdFor"/>);</item>
/// <item>SL, per formula: AnsweredOnly A≤T / A; AbandonsPositive (A≤T + Ab≤T) / (A + Ab); AbandonsNegative A≤T / (A + Ab);
/// AbandonsWithinTIgnored A≤T / (A + Ab&gt;T); Ab never includes short abandons; ≤ T is inclusive;</item>
/// <item>ASA = mean wait of answered passages; AHT = mean talk of answered passages; longest wait = max wait of all.</item>
/// </list>
/// Only finished calls count (only those are in the call log).
/// </summary>
public static class TruthKpis
{
    /// <summary>The KPIs of these passages.</summary>
    public static QueueKpis Of(IReadOnlyCollection<TruthPassage> passages, KpiRules rules)
    {
        var answered = passages.Where(p => p.Outcome == "answered").ToList();
        var abandonedAll = passages.Where(p => p.Outcome == "abandoned").ToList();
        var shortAbandons = abandonedAll.Count(p => p.WaitSeconds < rules.ShortAbandonSeconds);
        var abandoned = abandonedAll.Where(p => p.WaitSeconds >= rules.ShortAbandonSeconds).ToList();
        var answeredInT = answered.Count(p => p.WaitSeconds <= rules.ThresholdFor(p.Queue));
        var abandonedInT = abandoned.Count(p => p.WaitSeconds <= rules.ThresholdFor(p.Queue));
        var (eligible, met) = rules.Formula switch
        {
            SlaFormula.AnsweredOnly => (answered.Count, answeredInT),
            SlaFormula.AbandonsPositive => (answered.Count + abandoned.Count, answeredInT + abandonedInT),
            SlaFormula.AbandonsNegative => (answered.Count + abandoned.Count, answeredInT),
            SlaFormula.AbandonsWithinTIgnored => (answered.Count + abandoned.Count - abandonedInT, answeredInT),
            _ => throw new ArgumentOutOfRangeException(nameof(rules), rules.Formula, "unknown SLA formula"),
        };
        return new QueueKpis(
            Passages: passages.Count,
            Offered: passages.Count - shortAbandons,
            Answered: answered.Count,
            Abandoned: abandoned.Count,
            ShortAbandons: shortAbandons,
            SlEligible: eligible,
            SlMet: met,
            AsaS: answered.Count == 0 ? null : answered.Average(p => p.WaitSeconds),
            AhtS: answered.Count == 0 ? null : answered.Average(p => p.TalkSeconds),
            LongestWaitS: passages.Count == 0 ? null : passages.Max(p => p.WaitSeconds));
    }

    /// <summary>Per queue and UTC day of queue entry, the KPIs of every passage of these calls' finished ones.</summary>
    public static Dictionary<QueueDay, QueueKpis> PerQueueDay(IEnumerable<TruthCall> calls, KpiRules rules) =>
        Passages(calls).GroupBy(p => new QueueDay(p.Queue, DateOnly.FromDateTime(p.Enter.UtcDateTime)))
            .ToDictionary(g => g.Key, g => Of(g.ToList(), rules));

    /// <summary>
    /// Per queue and local day of queue entry in <paramref name="zone"/> (a day of 23 or 25 hours across a daylight-saving
    /// change is still one day), the KPIs of every passage of these calls' finished ones.
    /// </summary>
    public static Dictionary<QueueDay, QueueKpis> PerQueueDay(IEnumerable<TruthCall> calls, KpiRules rules, TimeZoneInfo zone) =>
        Passages(calls).GroupBy(p => new QueueDay(p.Queue, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.Enter, zone).DateTime)))
            .ToDictionary(g => g.Key, g => Of(g.ToList(), rules));

    /// <summary>Per queue number, the KPIs of the finished calls' passages that entered the queue in [from, to].</summary>
    public static Dictionary<string, QueueKpis> PerQueue(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to, KpiRules rules) =>
        Passages(calls, from, to).GroupBy(p => p.Queue).ToDictionary(g => g.Key, g => Of(g.ToList(), rules), StringComparer.Ordinal);

    /// <summary>The KPIs of every finished call's passage that entered a queue in [from, to].</summary>
    public static QueueKpis Total(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to, KpiRules rules) =>
        Of(Passages(calls, from, to).ToList(), rules);

    /// <summary>Per answering agent, the finished calls' passages answered in [from, to].</summary>
    public static Dictionary<string, int> AnsweredPerAgent(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        Passages(calls, from, to).Where(p => p.Outcome == "answered" && p.Agent is not null)
            .GroupBy(p => p.Agent!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Finished calls per UTC day of their start, direction and outcome (<c>yyyy-MM-dd direction outcome</c>).</summary>
    public static Dictionary<string, int> CallCounts(IEnumerable<TruthCall> calls) =>
        calls.Where(c => c.Finished)
            .GroupBy(c => string.Create(CultureInfo.InvariantCulture, $"{DateOnly.FromDateTime(c.Start.UtcDateTime):yyyy-MM-dd} {c.Direction} {c.Outcome}"))
            .ToDictionary(g => g.Key, g => g.Count());

    static IEnumerable<TruthPassage> Passages(IEnumerable<TruthCall> calls) => calls.Where(c => c.Finished).SelectMany(c => c.Passages);

    static IEnumerable<TruthPassage> Passages(IEnumerable<TruthCall> calls, DateTimeOffset from, DateTimeOffset to) =>
        Passages(calls).Where(p => p.Enter >= from && p.Enter <= to);
}
