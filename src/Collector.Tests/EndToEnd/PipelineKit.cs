using System.Globalization;
using Collector.CallLog.Backfill;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Reconcile;
using Collector.State;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The collector's call-log pipeline against a simulator and a real influxd, configured as a user would (the same
/// keys, read and validated by the same <see cref="CollectorOptions"/>) and composed by the same <c>AddCollectorCore</c> as the
/// worker and the backfill verb. Waits are short (retries after 50 ms) so fault tests stay quick. The sync runs on
/// <see cref="SyncClock"/>, which the tests keep on the simulator's clock (as NTP keeps a real PBX's and ours together).
/// </summary>
sealed class PipelineKit : IAsyncDisposable
{
    readonly TempDirectory _folder = new("pipeline");
    readonly ServiceProvider _services;

    /// <param name="client">Wraps the sync's XAPI client (a test that acts between its requests); none by default.</param>
    public PipelineKit(SimulatorHost sim, InfluxServer influx, string database, IReadOnlyDictionary<string, string?>? extra = null,
        Func<IXapiClient, IXapiClient>? client = null)
    {
        Database = database;
        Settings = SettingsFor(sim, influx, database, $"Data Source={_folder.File("state.db")}");
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            Settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings).Build();
        var services = new ServiceCollection().AddCollectorCore(configuration, new HostHooks(), CollectorLogging.Silent);
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(Log)).SetMinimumLevel(LogLevel.Debug));
        _services = services.BuildServiceProvider();
        CollectorOptions.Validate(_services);
        var settings = _services.GetRequiredService<CollectorSettings>();
        Pbx = settings.Pbxs[0];

        Backfill = _services.GetRequiredService<CallLogBackfill>();
        Sync = new CallLogSync(
            client is null ? _services.GetRequiredService<PbxCallLogs>()
                : new PbxCallLogs(new WrappedClients(_services.GetRequiredService<IXapiClientFactory>(), client), _services.GetRequiredService<ILoggerFactory>(), SyncClock),
            new InProgressCallsReader(SyncClock, _services.GetRequiredService<ILogger<InProgressCallsReader>>()),
            _services.GetRequiredService<CallLogWindowWriter>(),
            _services.GetRequiredService<IWatermarkStore>(),
            _services.GetRequiredService<SyncRunRecorder>(),
            _services.GetRequiredService<RowQuarantine>(),
            settings.CallLog,
            SyncClock,
            _services.GetRequiredService<ILogger<CallLogSync>>());
    }

    /// <summary>The configuration a user would give for this simulator and influxd (add keys to change it).</summary>
    public static Dictionary<string, string?> SettingsFor(SimulatorHost sim, InfluxServer influx, string database, string stateConnectionString) => new()
    {
        ["Pbxs:0:Name"] = "sim",
        ["Pbxs:0:BaseUrl"] = sim.BaseUrl.ToString(),
        ["Pbxs:0:ClientId"] = sim.ClientId,
        ["Pbxs:0:ClientSecret"] = sim.ClientSecret,
        ["Influx:Url"] = influx.Url.ToString(),
        ["Influx:Database"] = database,
        ["State:ConnectionString"] = stateConnectionString,
        ["Influx:RetryDelay"] = "00:00:00.050",
        ["Influx:MaxRetryDelay"] = "00:00:00.200",
        ["Influx:MaxRetries"] = "2",
        ["Influx:RequestTimeout"] = "00:00:05",
        ["Xapi:RetryBaseDelay"] = "00:00:00.050",
        ["Xapi:RetryMaxDelay"] = "00:00:00.200",
        ["Xapi:CircuitBreakerMinimumThroughput"] = "1000",
    };

    public string Database { get; }

    public Dictionary<string, string?> Settings { get; }

    public PbxOptions Pbx { get; }

    public FakeLogCollector Log { get; } = new();

    public FakeTimeProvider SyncClock { get; } = new();

    public CallLogBackfill Backfill { get; }

    public CallLogSync Sync { get; }

    public OutboxFlusher Flusher => _services.GetRequiredService<OutboxFlusher>();

    /// <summary>The reconciliation with the simulator's reports, as the daily job and <c>collector reconcile</c> run it.</summary>
    public Reconciler Reconciler => _services.GetRequiredService<Reconciler>();

    public IStateStore State => _services.GetRequiredService<IStateStore>();

    /// <summary>Backfills [from, to) as <c>collector backfill</c> does.</summary>
    public Task<BackfillResult> BackfillAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Backfill.RunAsync(Pbx, new BackfillRange(from, to, $"{from:O}/{to:O}"), CallLogBackfill.DefaultWindow, false, null, cancellationToken);

    /// <summary>Puts the sync's clock on the simulator's and runs the sync once.</summary>
    public async Task<CallLogSyncResult> SyncAsync(SimulatorHost sim)
    {
        SyncClock.SetUtcNow(await sim.NowAsync());
        return await Sync.SyncOnceAsync(Pbx, CancellationToken.None);
    }

    /// <summary>
    /// Runs the sync once with this machine's clock <paramref name="pbxClockOffset"/> away from the PBX's (the simulator's):
    /// negative = the PBX is behind us.
    /// </summary>
    public async Task<CallLogSyncResult> SyncAsync(SimulatorHost sim, TimeSpan pbxClockOffset)
    {
        SyncClock.SetUtcNow(await sim.NowAsync() - pbxClockOffset);
        return await Sync.SyncOnceAsync(Pbx, CancellationToken.None);
    }

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    sealed class WrappedClients(IXapiClientFactory inner, Func<IXapiClient, IXapiClient> wrap) : IXapiClientFactory
    {
        public IXapiClient Create(PbxConnection pbx) => wrap(inner.Create(pbx));
    }
}
