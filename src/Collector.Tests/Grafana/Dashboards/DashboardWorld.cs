using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// A simulated Monday morning in a real influxd, written by the collector's own pipeline: a day of history backfilled,
/// one call-log sync, yesterday reconciled with the simulator's reports, and one live snapshot at a moment when callers wait and no agent's phone rings (while a queue
/// rings an agent the public API cannot tell which one, docs/live-state.md), then the outbox flushed. Holds the
/// simulator's truth at that moment and a <see cref="DashboardQueryRunner"/> that plays Grafana at the same "now".
/// </summary>
public sealed class DashboardWorld : IAsyncLifetime
{
    /// <summary>A PBX name with a regex metacharacter, so the variable expansion's escaping is exercised.</summary>
    public const string PbxName = "hq.sydney";

    public const string Database = "threecx";

    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 30, 0, TimeSpan.Zero);

    static readonly string[] Model = ["--seed", "7", "--speed", "0", "--start", "2026-11-23T10:30:00Z", "--history-days", "1", "--queues", "3", "--agents", "12"];

    InfluxServer? _influx;
    SimulatorHost? _sim;

    public InfluxServer Influx => _influx ?? throw new InvalidOperationException("Not started.");

    /// <summary>The simulator's frozen now: the moment of the live snapshot.</summary>
    public DateTimeOffset SimulatedNow { get; private set; }

    /// <summary>Midnight (UTC) before <see cref="SimulatedNow"/>: the wallboard's "today".</summary>
    public DateTimeOffset Today => new(SimulatedNow.Year, SimulatedNow.Month, SimulatedNow.Day, 0, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<TruthCall> Calls { get; private set; } = [];

    /// <summary>The collector's default KPI settings with the simulated queues' SLATimes: each queue's T.</summary>
    public KpiRules Rules { get; private set; } = KpiRules.Defaults;

    public TruthLive Live { get; private set; } = null!;

    /// <summary>Plays Grafana at the collector's clock after the pipeline ran (a few real seconds past <see cref="SimulatedNow"/>).</summary>
    public DashboardQueryRunner Runner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _sim = await SimulatorHost.StartAsync(Model);
        SimulatedNow = await QuietMomentAsync(_sim);

        await using (var pipeline = new CollectorPipeline(_sim, _influx.Url, Database, PbxName, SimulatedNow))
        {
            await pipeline.BackfillAsync(Start.AddDays(-1), SimulatedNow);
            await pipeline.SyncAsync();
            await pipeline.ReconcileAsync(DateOnly.FromDateTime(Start.AddDays(-1).UtcDateTime));   // yesterday: the reconciliation table
            await pipeline.SnapshotAsync();
            await pipeline.FlushAsync();
            Runner = new DashboardQueryRunner(_influx.Http, Database, pipeline.Now);
        }

        Calls = await SimulatorTruth.CallsAsync(_sim, Start.AddDays(-1), SimulatedNow.AddSeconds(1));
        Live = await SimulatorTruth.LiveAsync(_sim);
        Rules = await SimulatorTruth.KpiRulesAsync(_sim, KpiRules.Defaults);
        if (Live.Now != SimulatedNow) throw new InvalidOperationException($"The simulator's clock moved: {Live.Now:O} after {SimulatedNow:O}.");
    }

    /// <summary>From the start, steps the frozen clock until callers wait and no agent's phone is ringing.</summary>
    public static async Task<DateTimeOffset> QuietMomentAsync(SimulatorHost sim)
    {
        for (var step = 0; step < 500; step++)
        {
            var live = await SimulatorTruth.LiveAsync(sim);
            if (live.Queues.Sum(q => q.Waiting) >= 1 && live.Agents.All(a => a.State != "ringing"))
                return live.Now;
            await sim.AdvanceClockAsync(TimeSpan.FromSeconds(3));
        }
        throw new InvalidOperationException("No moment with callers waiting and no phone ringing within 25 simulated minutes.");
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
    }
}
