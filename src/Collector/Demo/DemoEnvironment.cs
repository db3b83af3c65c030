using System.Security.Cryptography;
using Collector.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Collector.Demo;

/// <summary>
/// What <c>collector demo</c> runs against: the 3CX simulator hosted in this process on a free loopback port, at
/// real-time speed with a day of call history, and the user's configuration with the PBX list replaced by that one
/// simulated PBX (named <see cref="PbxName"/>) and the collector's state kept in a throw-away SQLite file, so a demo
/// never touches a real PBX's watermarks. Everything else (InfluxDB, SLA definitions, schedules) is the user's.
/// </summary>
internal sealed class DemoEnvironment : IAsyncDisposable
{
    public const string PbxName = "demo";
    const string ClientId = "collector";
    const int HistoryDays = 1;

    readonly WebApplication _simulator;
    readonly string _stateDirectory;

    DemoEnvironment(WebApplication simulator, Uri simulatorUrl, string stateDirectory, IConfiguration configuration, CollectorSettings settings)
    {
        _simulator = simulator;
        _stateDirectory = stateDirectory;
        SimulatorUrl = simulatorUrl;
        Configuration = configuration;
        Settings = settings;
    }

    /// <summary>The simulator's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri SimulatorUrl { get; }

    /// <summary>The user's configuration with the demo PBX and state in place of theirs.</summary>
    public IConfiguration Configuration { get; }

    /// <summary><see cref="Configuration"/>, read and validated.</summary>
    public CollectorSettings Settings { get; }

    public static int SimulatedHistoryDays => HistoryDays;

    public static async Task<DemoEnvironment> StartAsync(IConfiguration userConfiguration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userConfiguration);
        // A fresh secret per run: the simulator accepts exactly the one the collector is given.
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var simulator = Simulator.SimulatorApp.Build(
            ["--urls", "http://127.0.0.1:0", "--speed", "1", "--history-days", HistoryDays.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--client-id", ClientId, "--client-secret", secret,
             // The collector's own log says what matters; the simulator's host would repeat its start and stop.
             "--Logging:LogLevel:Default=Warning"]);
        await simulator.StartAsync(cancellationToken);
        var url = simulator.Urls.First();
        var simulatorUrl = new Uri(url.EndsWith('/') ? url : url + "/");

        var stateDirectory = Path.Combine(Path.GetTempPath(), $"collector-demo-{Guid.NewGuid():N}");
        Directory.CreateDirectory(stateDirectory);
        var overrides = new Dictionary<string, string?>
        {
            ["Pbxs:0:Name"] = PbxName,
            ["Pbxs:0:BaseUrl"] = simulatorUrl.ToString(),
            ["Pbxs:0:ClientId"] = ClientId,
            ["Pbxs:0:ClientSecret"] = secret,
            ["State:Provider"] = "sqlite",
            ["State:ConnectionString"] = $"Data Source={Path.Combine(stateDirectory, "demo-state.db")}",
        };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(userConfiguration.AsEnumerable()
                .Where(kv => kv.Value is not null && !IsReplaced(kv.Key)))
            .AddInMemoryCollection(overrides)
            .Build();
        try
        {
            return new DemoEnvironment(simulator, simulatorUrl, stateDirectory, configuration, CollectorOptions.Load(configuration));
        }
        catch
        {
            await simulator.DisposeAsync();
            Directory.Delete(stateDirectory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _simulator.StopAsync();
        await _simulator.DisposeAsync();
        try
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; it is in the temp folder.
        }
    }

    static bool IsReplaced(string key) =>
        key.Equals("Pbxs", StringComparison.OrdinalIgnoreCase) || key.StartsWith("Pbxs:", StringComparison.OrdinalIgnoreCase)
        || key.Equals("State", StringComparison.OrdinalIgnoreCase) || key.StartsWith("State:", StringComparison.OrdinalIgnoreCase);
}
