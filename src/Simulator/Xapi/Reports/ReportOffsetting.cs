using Simulator.Faults;

namespace Simulator.Xapi.Reports;

/// <summary>
/// Applies the <c>reportOffsets</c> fault (<see cref="ReportOffset"/>) to a queue's report values: a count is moved by the
/// amount (never below 0); a wait of the first call by the amount in seconds; the list of calls shortened from its end
/// (negative) or lengthened by copies of its last call (positive; each copy with its own call id).
/// </summary>
public static class ReportOffsetting
{
    public static int Count(IEnumerable<ReportOffset> offsets, string queue, string field, int value) =>
        (int)Math.Max(0, value + Sum(offsets, queue, field));

    public static List<AbandonedCall> Abandoned(IReadOnlyCollection<ReportOffset> offsets, string queue, List<AbandonedCall> calls)
    {
        calls = Resize(calls, (int)Sum(offsets, queue, "calls"), (last, n) => last with { CallHistoryId = $"{last.CallHistoryId}-copy{n}" });
        var seconds = Sum(offsets, queue, "WaitTime");
        if (seconds != 0 && calls.Count > 0) calls[0] = calls[0] with { Wait = Moved(calls[0].Wait, seconds) };
        return calls;
    }

    public static List<AnsweredCall> Answered(IReadOnlyCollection<ReportOffset> offsets, string queue, List<AnsweredCall> calls)
    {
        calls = Resize(calls, (int)Sum(offsets, queue, "calls"), (last, _) => last);
        var seconds = Sum(offsets, queue, "RingTime");
        if (seconds != 0 && calls.Count > 0) calls[0] = calls[0] with { Wait = Moved(calls[0].Wait, seconds) };
        return calls;
    }

    static double Sum(IEnumerable<ReportOffset> offsets, string queue, string field) =>
        offsets.Where(o => o.Queue == queue && o.Field == field).Sum(o => o.Amount);

    static long Moved(long ticks, double seconds) => Math.Max(0, ticks + (long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    static List<T> Resize<T>(List<T> items, int by, Func<T, int, T> copy)
    {
        if (by < 0) return items.Take(Math.Max(0, items.Count + by)).ToList();
        var result = new List<T>(items);
        for (var n = 1; n <= by && items.Count > 0; n++) result.Add(copy(items[^1], n));
        return result;
    }
}
