using Collector.Configuration;

namespace Collector.Reconcile;

/// <summary>Which days the daily job compares (the policy, apart from the job's I/O).</summary>
internal static class ReconcileSchedule
{
    /// <summary>
    /// The last <c>Reconcile:DaysBack</c> finished days (<see cref="ReportingDays.IsFinished"/>), oldest first, less the
    /// newest ones the call-log sync has not passed yet (their points may still be missing: comparing them would report
    /// differences that are only our delay). No watermark yet (the sync never ran): no day.
    /// </summary>
    public static IReadOnlyList<DateOnly> DaysToCheck(DateTimeOffset now, DateTimeOffset? callLogWatermark, ReconcileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (callLogWatermark is not { } watermark) return [];
        var newest = ReportingDays.LastFinished(now, options.SettleDelay);
        var first = newest.AddDays(1 - options.DaysBack);
        var last = newest;
        while (last >= first && ReportingDays.Of(last).End > watermark) last = last.AddDays(-1);
        return last < first ? [] : ReportingDays.Between(first, last);
    }
}
