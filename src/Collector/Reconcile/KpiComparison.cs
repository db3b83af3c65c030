using Collector.Influx.LineProtocol;

namespace Collector.Reconcile;

/// <summary>One KPI of one queue and day on both sides; <see cref="Difference"/> = ours − theirs (0 when they agree).</summary>
internal sealed record KpiComparison(string Pbx, string Queue, ReportingDay Day, string Kpi, decimal Ours, decimal Theirs)
{
    public decimal Difference => Ours - Theirs;

    public bool Differs => Difference != 0;

    /// <summary>
    /// The <c>queue_reconcile</c> point: tags <c>pbx</c>, <c>queue</c>, <c>kpi</c>; float fields <c>ours</c>, <c>theirs</c>,
    /// <c>difference</c>; stamped at the day's start, so a rerun for the same day rewrites the same point.
    /// </summary>
    public PointData ToPoint() => new PointData(Measurement)
        .Tag("pbx", Pbx)
        .Tag("queue", Queue)
        .Tag("kpi", Kpi)
        .Field("ours", (double)Ours)
        .Field("theirs", (double)Theirs)
        .Field("difference", (double)Difference)
        .Timestamp(UnixTime.Nanoseconds(Day.Start));

    public const string Measurement = "queue_reconcile";

    /// <summary>Compares every KPI that 3CX's side has (a report that could not be read leaves its KPIs out).</summary>
    public static IEnumerable<KpiComparison> Of(string pbx, string queue, ReportingDay day,
        IReadOnlyDictionary<string, decimal> ours, IReadOnlyDictionary<string, decimal> theirs) =>
        ReconcileKpis.All.Where(theirs.ContainsKey).Select(kpi => new KpiComparison(pbx, queue, day, kpi, ours[kpi], theirs[kpi]));
}
