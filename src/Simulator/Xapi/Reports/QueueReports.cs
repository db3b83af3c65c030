using Simulator.Model;

namespace Simulator.Xapi.Reports;

/// <summary>A queue passage of a finished call, with the call it belongs to and its position in the call's passages.</summary>
public sealed record ReportPassage(Call Call, int Index, Passage Passage)
{
    /// <summary>
    /// The wait 3CX's reports use: from entering the queue to the answer (the answering agent's ring included), the
    /// hang-up or the overflow, the truth's wait to the tick.
    /// </summary>
    public long Wait => Passage.Wait;
}

/// <summary>One queue's row of <c>Pbx.GetQueuePerformanceTotalsData</c>.</summary>
public sealed record QueueTotals(int Received, int Answered, int Dropped);

/// <summary>One queue's row of <c>Pbx.GetStatisticSlaData</c>.</summary>
public sealed record QueueSla(int Received, int BadSla);

/// <summary>An abandoned call of <c>Pbx.GetAbandonedQueueCallsData</c>: the agents polled (rung) for it and how often.</summary>
public sealed record AbandonedCall(string CallHistoryId, string CallerId, long Enter, long Wait, IReadOnlyList<(int Agent, int Attempts)> Polled);

/// <summary>An answered call of <c>Pbx.GetQueueAnsweredCallsByWaitTimeData</c>.</summary>
public sealed record AnsweredCall(long Enter, long Wait, string Source, int Agent);

/// <summary>
/// The definitions of 3CX's queue reports as the simulator implements them (src/Simulator/README.md, "Reports"), over the
/// passages of one queue that entered it in the report's period. The interval parameters are thresholds on the wait:
/// <list type="bullet">
/// <item>performance totals: received = passages except abandons that waited less than <c>waitInterval</c> (short
/// abandons); answered = answered passages; dropped = abandons that waited <c>waitInterval</c> or longer. A passage that
/// overflowed to another queue is received here and neither answered nor dropped;</item>
/// <item>statistic SLA: received = every passage; bad SLA = answered or abandoned passages that waited longer than
/// <c>waitInterval</c> (overflows are never bad: the next queue's passage is judged);</item>
/// <item>abandoned calls: abandoned passages that waited <c>waitInterval</c> or longer, each with the agents rung for it;</item>
/// <item>answered calls by wait time: answered passages that waited <c>answerInterval</c> or longer (zero: all).</item>
/// </list>
/// </summary>
public static class QueueReports
{
    public static QueueTotals Totals(IReadOnlyCollection<ReportPassage> passages, TimeSpan waitInterval) => new(
        Received: passages.Count(p => !ShortAbandon(p, waitInterval)),
        Answered: passages.Count(p => p.Passage.Outcome == PassageOutcome.Answered),
        Dropped: passages.Count(p => p.Passage.Outcome == PassageOutcome.Abandoned && !ShortAbandon(p, waitInterval)));

    public static QueueSla Sla(IReadOnlyCollection<ReportPassage> passages, TimeSpan waitInterval) => new(
        Received: passages.Count,
        BadSla: passages.Count(p => p.Passage.Outcome is PassageOutcome.Answered or PassageOutcome.Abandoned && p.Wait > waitInterval.Ticks));

    public static List<AbandonedCall> Abandoned(IEnumerable<ReportPassage> passages, TimeSpan waitInterval, Func<Call, string> callId) =>
        passages.Where(p => p.Passage.Outcome == PassageOutcome.Abandoned && !ShortAbandon(p, waitInterval))
            .OrderBy(p => p.Passage.Enter)
            .Select(p => new AbandonedCall(callId(p.Call), p.Call.CallerNumber, p.Passage.Enter, p.Wait, Polled(p)))
            .ToList();

    public static List<AnsweredCall> Answered(IEnumerable<ReportPassage> passages, TimeSpan answerInterval) =>
        passages.Where(p => p.Passage.Outcome == PassageOutcome.Answered && p.Wait >= answerInterval.Ticks)
            .OrderBy(p => p.Passage.Enter)
            .Select(p => new AnsweredCall(p.Passage.Enter, p.Wait, p.Call.CallerNumber, p.Passage.Agent!.Value))
            .ToList();

    static bool ShortAbandon(ReportPassage p, TimeSpan waitInterval) =>
        p.Passage.Outcome == PassageOutcome.Abandoned && p.Wait < waitInterval.Ticks;

    /// <summary>The agents the queue rang for this passage, in the order first rung, with the number of times each.</summary>
    static List<(int Agent, int Attempts)> Polled(ReportPassage p) =>
        p.Call.Legs.Where(l => l.Kind == LegKind.Queue && l.Passage == p.Index && l.Reached)
            .GroupBy(l => l.Agent)
            .Select(g => (g.Key, g.Count()))
            .ToList();
}
