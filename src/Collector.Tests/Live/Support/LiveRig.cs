using System.Text.Json;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Influx.Writing;
using Collector.Live;
using Collector.Live.Collection;
using Collector.State;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.Live.Support;

/// <summary>
/// The live snapshot pipeline as the worker composes it (DI: XAPI client, writer, SQLite state store, live services),
/// pointed at a simulator and a real influxd, with fast retries so outages show quickly. One PBX, named <c>sim</c>.
/// </summary>
sealed class LiveRig : IAsyncDisposable
{
    public const string Pbx = "sim";

    readonly ServiceProvider _services;
    readonly TempDirectory _directory;
    readonly InfluxServer _influx;

    LiveRig(ServiceProvider services, TempDirectory directory, InfluxServer influx, string database, FakeLogCollector logs)
    {
        _services = services;
        _directory = directory;
        _influx = influx;
        Database = database;
        Logs = logs;
    }

    public string Database { get; }

    public FakeLogCollector Logs { get; }

    public LiveSnapshotCollector Collector => _services.GetRequiredService<LiveSnapshotCollectors>().For(Pbx);

    public IOutbox Outbox => _services.GetRequiredService<IOutbox>();

    public OutboxFlusher Flusher => _services.GetRequiredService<OutboxFlusher>();

    public static LiveRig Create(SimulatorHost sim, InfluxServer influx, string database,
        Action<LiveOptions>? live = null, Action<XapiOptions>? xapi = null, int outboxMaxRows = 100_000, Uri? influxUrl = null)
    {
        var directory = new TempDirectory("live");
        var liveOptions = new LiveOptions { UsersCacheTtl = TimeSpan.Zero, SystemStatusCacheTtl = TimeSpan.Zero };
        live?.Invoke(liveOptions);
        var settings = new CollectorSettings
        {
            Pbxs = [new PbxOptions { Name = Pbx, BaseUrl = sim.BaseUrl, ClientId = sim.ClientId, ClientSecret = sim.ClientSecret }],
            // Fast retries, so outages show quickly.
            Influx = new InfluxOptions
            {
                Url = influxUrl ?? influx.Url, Database = database,
                RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 2,
            },
            State = new StateOptions { ConnectionString = $"Data Source={directory.File("state.db")}", OutboxMaxRows = outboxMaxRows },
            Live = liveOptions,
        };
        var logs = new FakeLogCollector();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(settings);
        services.AddSingleton(Options.Create(settings.Influx));
        services.AddSingleton(Options.Create(settings.State));
        services.AddXapiClient();
        services.Configure<XapiOptions>(o =>
        {
            o.MaxRetries = 0;
            o.ServerErrorRetries = 0;
            o.RequestTimeout = TimeSpan.FromSeconds(5);
            xapi?.Invoke(o);
        });
        services.AddInfluxWriter();
        services.AddStateStore();
        services.AddLiveSnapshots();
        return new LiveRig(services.BuildServiceProvider(), directory, influx, database, logs);
    }

    /// <summary>Runs InfluxQL against the rig's database.</summary>
    public Task<JsonElement> QueryAsync(string influxQl) => _influx.QueryAsync(Database, influxQl);

    /// <summary>Every row of the answer's first result, as column → value, with the series' tags added as columns.</summary>
    public async Task<List<Dictionary<string, JsonElement>>> RowsAsync(string influxQl)
    {
        var answer = await QueryAsync(influxQl);
        var result = answer.GetProperty("results")[0];
        var rows = new List<Dictionary<string, JsonElement>>();
        if (!result.TryGetProperty("series", out var series)) return rows;
        foreach (var s in series.EnumerateArray())
        {
            var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            foreach (var values in s.GetProperty("values").EnumerateArray())
            {
                var row = columns.Zip(values.EnumerateArray()).ToDictionary(p => p.First, p => p.Second);
                if (s.TryGetProperty("tags", out var tags))
                    foreach (var tag in tags.EnumerateObject()) row[tag.Name] = tag.Value;
                rows.Add(row);
            }
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
