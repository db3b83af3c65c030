using Collector.CallLog.Backfill;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Live;
using Collector.Live.Collection;
using Collector.Reconcile;
using Collector.State;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Tests.Grafana.Support;

/// <summary>
/// The collector's own pipeline for one simulated PBX, configured with the keys a user writes and composed by the
/// same registrations as the worker and the backfill verb (<c>AddCallLogPipeline</c>, <c>AddLiveSnapshots</c>):
/// backfill, the call-log sync, the live snapshot, the reconciliation with the simulator's reports and the outbox flusher,
/// writing into a real influxd. Its clock runs
/// in real time from the simulator's "now" (<see cref="ShiftedTimeProvider"/>), so its own <c>collector</c> points land
/// beside the data they describe.
/// </summary>
sealed class CollectorPipeline : IAsyncDisposable
{
    readonly TempDirectory _folder = new("grafana-pipeline");
    readonly ServiceProvider _services;

    /// <param name="settings">More configuration keys (<c>CallLog:CallbackList</c> = <c>false</c>, …).</param>
    public CollectorPipeline(SimulatorHost sim, Uri influxUrl, string database, string pbxName, DateTimeOffset simulatedNow, string? timeZone = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Pbxs:0:Name"] = pbxName,
            ["Pbxs:0:BaseUrl"] = sim.BaseUrl.ToString(),
            ["Pbxs:0:ClientId"] = sim.ClientId,
            ["Pbxs:0:ClientSecret"] = sim.ClientSecret,
            ["Influx:Url"] = influxUrl.ToString(),
            ["Influx:Database"] = database,
            ["State:ConnectionString"] = $"Data Source={_folder.File("state.db")}",
        };
        if (timeZone is not null) values["Reporting:TimeZone"] = timeZone;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var hooks = new HostHooks { Time = new ShiftedTimeProvider(simulatedNow - DateTimeOffset.UtcNow) };
        _services = new ServiceCollection().AddCollectorCore(configuration, hooks, CollectorLogging.Silent).BuildServiceProvider();
        CollectorOptions.Validate(_services);
        Pbx = _services.GetRequiredService<CollectorSettings>().Pbxs[0];
    }

    public PbxOptions Pbx { get; }

    /// <summary>The collector's clock now.</summary>
    public DateTimeOffset Now => _services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>
    /// Backfills the calls that started in [from, to), as <c>collector backfill --from … --to …</c> does (with
    /// <paramref name="restart"/>, as <c>--restart</c>: a range already finished is pulled again).
    /// </summary>
    public async Task BackfillAsync(DateTimeOffset from, DateTimeOffset to, bool restart = false)
    {
        var result = await _services.GetRequiredService<CallLogBackfill>()
            .RunAsync(Pbx, new BackfillRange(from, to, $"{from:O}/{to:O}"), CallLogBackfill.DefaultWindow, restart, null, CancellationToken.None);
        if (!result.Completed) throw new InvalidOperationException("The backfill did not complete.");
    }

    /// <summary>
    /// One run of the call-log sync job (it also records its <c>collector</c> point in the outbox), then, as the job
    /// does, the rollups of the local days and months it changed.
    /// </summary>
    public async Task SyncAsync()
    {
        var result = await _services.GetRequiredService<CallLogSync>().SyncOnceAsync(Pbx, CancellationToken.None);
        if (result.Error is not null) throw new InvalidOperationException("The call-log sync failed.", result.Error);
        await _services.GetRequiredService<QueueRollups>().RecomputeAsync(Pbx.Name, null, CancellationToken.None);
        if (_services.GetRequiredService<QueueRollups>().Pending(Pbx.Name).Count > 0)
            throw new InvalidOperationException("Some rollups could not be recomputed.");
    }

    /// <summary>One run of the live snapshot job.</summary>
    public async Task SnapshotAsync()
    {
        var result = await _services.GetRequiredService<LiveSnapshotCollectors>().For(Pbx.Name).RunAsync(CancellationToken.None);
        if (!result.Succeeded) throw new InvalidOperationException($"The live snapshot failed: {result.Report.Error}");
    }

    /// <summary>One reconcile run for <paramref name="day"/>, as the daily job or <c>collector reconcile</c> does; every KPI must agree.</summary>
    public async Task ReconcileAsync(DateOnly day)
    {
        var result = await _services.GetRequiredService<Reconciler>().RunAsync(Pbx, [day], null, CancellationToken.None);
        if (result.ResultTag != "ok" || result.Differences > 0)
            throw new InvalidOperationException($"The reconciliation of {day} gave {result.ResultTag} with {result.Differences} differences: {result.Reason}", result.Error);
    }

    /// <summary>Sends what waits in the outbox (the jobs' own points) to InfluxDB.</summary>
    public async Task FlushAsync()
    {
        var result = await _services.GetRequiredService<OutboxFlusher>().FlushAsync(CancellationToken.None);
        if (result.Failure is not null) throw new InvalidOperationException("The outbox flush failed.", result.Failure);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The system clock moved by a fixed offset: it runs in real time from another "now" (timers stay real).</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
