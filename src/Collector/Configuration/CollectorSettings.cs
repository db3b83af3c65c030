namespace Collector.Configuration;

/// <summary>
/// All of the collector's own settings together, each section as bound and validated by <see cref="CollectorOptions"/>
/// (the same instances as its <c>IOptions&lt;T&gt;</c>). Sections: <c>Pbxs</c>, <c>Influx</c>, <c>State</c>, <c>Live</c>,
/// <c>Sla</c>, <c>Schedules</c>, <c>CallLog</c>, <c>Reconcile</c>, <c>Reporting</c>, <c>Grafana</c>, <c>Xapi</c>.
/// </summary>
internal sealed class CollectorSettings
{
    public IReadOnlyList<PbxOptions> Pbxs { get; init; } = [];
    public InfluxOptions Influx { get; init; } = new();
    public StateOptions State { get; init; } = new();
    /// <summary>The live snapshot job's section, <c>Live</c> (caches, direct-write timeout).</summary>
    public LiveOptions Live { get; init; } = new();
    public SlaOptions Sla { get; init; } = new();
    public ScheduleOptions Schedules { get; init; } = new();
    public CallLogOptions CallLog { get; init; } = new();
    /// <summary>The daily reconciliation with 3CX's reports, <c>Reconcile</c>.</summary>
    public ReconcileOptions Reconcile { get; init; } = new();
    /// <summary>How the reports read time, <c>Reporting</c> (the call centre's time zone).</summary>
    public ReportingOptions Reporting { get; init; } = new();
    public GrafanaOptions Grafana { get; init; } = new();
    public ThreeCx.XapiOptions Xapi { get; init; } = new();

    /// <summary>The PBXs the worker collects from.</summary>
    public IEnumerable<PbxOptions> EnabledPbxs => Pbxs.Where(p => p.Enabled);
}
