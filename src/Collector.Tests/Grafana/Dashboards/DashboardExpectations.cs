namespace Collector.Tests.Grafana.Dashboards;

/// <summary>What the dashboard tests expect of particular panels, by target refId.</summary>
public static class DashboardExpectations
{
    /// <summary>
    /// Targets whose panels are rightly empty on a healthy system with simulated data: failed runs and their errors
    /// (none when all is well) and the differences from 3CX's reports (none when every KPI agrees). Each of their
    /// panels shows a noValue text that says so.
    /// </summary>
    public static readonly IReadOnlySet<string> MayBeEmpty = new HashSet<string>(StringComparer.Ordinal)
    {
        "failed_runs",
        "recent_errors",
        "reconcile_differences",
    };
}
