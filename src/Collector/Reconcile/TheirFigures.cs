using Collector.ThreeCx;

namespace Collector.Reconcile;

/// <summary>
/// 3CX's numbers of one queue and day, from its four report functions, each asked with the interval that makes its
/// definition match ours: <c>waitInterval</c> = S (<c>Sla:ShortAbandonSeconds</c>) for the performance totals and the
/// abandoned calls, T (<see cref="SlaThreshold"/>) for the SLA report, <c>answerInterval</c> = 0 (every answered call).
/// A report that fails is recorded in <c>unavailable</c> (<see cref="ReportFailures"/>) and not asked again in the run.
/// </summary>
internal static class TheirFigures
{
    public static async Task<IReadOnlyDictionary<string, decimal>> ReadAsync(
        IXapiClient pbx, string queue, ReportingDay day, TimeSpan shortAbandon, TimeSpan threshold,
        IDictionary<ThreeCxReport, ReportUnavailable> unavailable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        ArgumentNullException.ThrowIfNull(unavailable);
        var (from, to) = (day.Start, day.LastMicrosecond);
        var figures = new Dictionary<string, decimal>(StringComparer.Ordinal);

        await Read(ThreeCxReport.PerformanceTotals, async () =>
        {
            var row = Row(await pbx.GetQueuePerformanceTotalsAsync(from, to, queue, shortAbandon, cancellationToken), r => r.QueueDn, queue);
            figures[ReconcileKpis.Received] = row?.QueueReceivedCount ?? 0;
            figures[ReconcileKpis.Answered] = row?.ExtensionAnsweredCount ?? 0;
        });
        await Read(ThreeCxReport.StatisticSla, async () =>
        {
            var row = Row(await pbx.GetStatisticSlaAsync(from, to, queue, threshold, cancellationToken), r => r.QueueDnNumber, queue);
            figures[ReconcileKpis.SlaReceived] = row?.ReceivedCount ?? 0;
            figures[ReconcileKpis.BadSla] = row?.BadSlaCallsCount ?? 0;
        });
        await Read(ThreeCxReport.AbandonedQueueCalls, async () =>
        {
            var calls = AbandonedCalls.Group(await pbx.GetAbandonedQueueCallsAsync(from, to, queue, shortAbandon, cancellationToken));
            figures[ReconcileKpis.Abandoned] = calls.Count;
            figures[ReconcileKpis.AbandonedWaitSeconds] = OurFigures.Seconds(calls.Sum(c => c.Ticks));
        });
        await Read(ThreeCxReport.AnsweredCallsByWaitTime, async () =>
        {
            var calls = await pbx.GetQueueAnsweredCallsByWaitTimeAsync(from, to, queue, TimeSpan.Zero, cancellationToken);
            figures[ReconcileKpis.AnsweredWaitSeconds] = OurFigures.Seconds(calls.Sum(c => (c.RingTime ?? (c.AnsweredTime - c.CallTime) ?? TimeSpan.Zero).Ticks));
        });
        return figures;

        async Task Read(ThreeCxReport report, Func<Task> read)
        {
            if (unavailable.ContainsKey(report)) return;
            try
            {
                await read();
            }
            catch (XapiException failure)
            {
                unavailable[report] = ReportFailures.Classify(report, failure);
            }
        }
    }

    /// <summary>The queue's row: the one naming it, else a lone row without a queue number (a PBX that leaves it out).</summary>
    static T? Row<T>(IReadOnlyList<T> rows, Func<T, string?> queueOf, string queue) where T : class =>
        rows.FirstOrDefault(r => string.Equals(queueOf(r)?.Trim(), queue, StringComparison.Ordinal))
        ?? (rows.Count == 1 && string.IsNullOrEmpty(queueOf(rows[0])) ? rows[0] : null);
}

/// <summary>
/// The calls of 3CX's abandoned-calls report, which has one row per agent polled for a call: rows of one call share its
/// <c>CallHistoryId</c>; without one, a row with a <c>CallTime</c> starts a call and the rows after it belong to it. A
/// call's wait is the longest <c>WaitTime</c> among its rows (only the first row carries it).
/// </summary>
internal static class AbandonedCalls
{
    public sealed record Call(string Key, long Ticks);

    public static List<Call> Group(IEnumerable<AbandonedQueueCall> rows)
    {
        var calls = new List<(string Key, long Ticks)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        string? current = null;
        foreach (var row in rows)
        {
            var key = !string.IsNullOrWhiteSpace(row.CallHistoryId) ? "id:" + row.CallHistoryId
                : row.CallTime is not null || current is null ? $"row:{calls.Count}" : current;
            current = key;
            var ticks = row.WaitTime?.Ticks ?? 0;
            if (index.TryGetValue(key, out var i))
                calls[i] = (key, Math.Max(calls[i].Ticks, ticks));
            else
            {
                index[key] = calls.Count;
                calls.Add((key, ticks));
            }
        }
        return calls.Select(c => new Call(c.Key, c.Ticks)).ToList();
    }
}
