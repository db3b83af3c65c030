namespace Collector.Reconcile;

/// <summary>The four 3CX report functions the reconciliation reads.</summary>
internal enum ThreeCxReport
{
    /// <summary><c>ReportQueuePerformanceTotals/Pbx.GetQueuePerformanceTotalsData</c>.</summary>
    PerformanceTotals,
    /// <summary><c>ReportStatisticSla/Pbx.GetStatisticSlaData</c>.</summary>
    StatisticSla,
    /// <summary><c>ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData</c>.</summary>
    AbandonedQueueCalls,
    /// <summary><c>ReportQueueAnsweredCallsByWaitTime/Pbx.GetQueueAnsweredCallsByWaitTimeData</c>.</summary>
    AnsweredCallsByWaitTime,
}

/// <summary>
/// The KPIs compared per queue and day (the <c>kpi</c> tag of <c>queue_reconcile</c>) and the report each comes from.
/// docs/reconciliation.md defines each on both sides; the dashboards and the alert rule read these names.
/// </summary>
internal static class ReconcileKpis
{
    /// <summary>Passages, short abandons out (3CX: QueueReceivedCount with waitInterval = S).</summary>
    public const string Received = "received";
    /// <summary>Answered passages (3CX: ExtensionAnsweredCount).</summary>
    public const string Answered = "answered";
    /// <summary>Every passage (3CX: the SLA report's ReceivedCount).</summary>
    public const string SlaReceived = "sla_received";
    /// <summary>Answered or abandoned passages that waited longer than T (3CX: BadSlaCallsCount with waitInterval = T).</summary>
    public const string BadSla = "bad_sla";
    /// <summary>Abandoned passages, short abandons out (3CX: the calls of the abandoned-calls report with waitInterval = S).</summary>
    public const string Abandoned = "abandoned";
    /// <summary>Total wait of those abandoned passages, seconds (3CX: the sum of their WaitTime).</summary>
    public const string AbandonedWaitSeconds = "abandoned_wait_s";
    /// <summary>Total wait of answered passages until the answer, seconds (3CX: the sum of RingTime of answered calls by wait time).</summary>
    public const string AnsweredWaitSeconds = "answered_wait_s";

    public static readonly IReadOnlyList<string> All =
        [Received, Answered, SlaReceived, BadSla, Abandoned, AbandonedWaitSeconds, AnsweredWaitSeconds];

    /// <summary>The report a KPI's "theirs" comes from.</summary>
    public static ThreeCxReport SourceOf(string kpi) => kpi switch
    {
        Received or Answered => ThreeCxReport.PerformanceTotals,
        SlaReceived or BadSla => ThreeCxReport.StatisticSla,
        Abandoned or AbandonedWaitSeconds => ThreeCxReport.AbandonedQueueCalls,
        AnsweredWaitSeconds => ThreeCxReport.AnsweredCallsByWaitTime,
        _ => throw new ArgumentOutOfRangeException(nameof(kpi), kpi, "not a reconciled KPI"),
    };

    /// <summary>The KPIs a report supplies.</summary>
    public static IEnumerable<string> From(ThreeCxReport report) => All.Where(k => SourceOf(k) == report);

    /// <summary>The report's entity set, as 3CX and its admin console name it.</summary>
    public static string Name(ThreeCxReport report) => report switch
    {
        ThreeCxReport.PerformanceTotals => "ReportQueuePerformanceTotals",
        ThreeCxReport.StatisticSla => "ReportStatisticSla",
        ThreeCxReport.AbandonedQueueCalls => "ReportAbandonedQueueCalls",
        _ => "ReportQueueAnsweredCallsByWaitTime",
    };
}
