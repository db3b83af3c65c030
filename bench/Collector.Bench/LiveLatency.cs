using System.Diagnostics;
using System.Globalization;
using Collector.Cli;
using Collector.Testing;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Collector.Bench;

/// <summary>
/// The whole live path, end to end: a simulator (clock frozen in a busy hour), a real influxd, and the real worker
/// (<c>collector run</c>, in this process) with its live snapshot job. Each trial waits a random part of the interval,
/// moves the simulator's clock (the world changes at that instant), and polls InfluxDB every 10 ms until the snapshot
/// stamped with the new instant is queryable. Prints the latency distribution and the job's own run times.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- live-latency [--interval 00:00:05] [--trials 20]</code>
/// </summary>
static class LiveLatency
{
    const string Database = "threecx";

    public static async Task<int> RunAsync(string[] args)
    {
        var interval = TimeSpan.Parse(Option(args, "--interval") ?? "00:00:01", CultureInfo.InvariantCulture);
        var trials = int.Parse(Option(args, "--trials") ?? "20", CultureInfo.InvariantCulture);
        await using var influx = await InfluxServer.StartAsync();
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-23T10:00:00Z",
            "--seed", "11", "--calls-per-hour", "300", "--history-days", "0.05");
        using var folder = new TempDirectory("bench-live");
        var state = folder.File("state.db");
        using var stop = new CancellationTokenSource();
        var worker = RunWorkerAsync(sim.BaseUrl, influx.Url, interval, state, stop.Token);

        var now = await sim.NowAsync();
        await WaitForPointAsync(influx, now, TimeSpan.FromSeconds(30));   // warm-up: the first snapshot (token, caches, database)
        var random = new Random(1);
        var latencies = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * interval.TotalMilliseconds));
            var clock = Stopwatch.StartNew();
            now = await sim.AdvanceClockAsync(TimeSpan.FromSeconds(7));
            await WaitForPointAsync(influx, now, interval * 4 + TimeSpan.FromSeconds(10));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        var runs = await influx.ScalarAsync(Database, "SELECT count(duration_ms) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        var median = await influx.ScalarAsync(Database, "SELECT median(duration_ms) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        var p95 = await influx.ScalarAsync(Database, "SELECT percentile(duration_ms, 95) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        var requests = await influx.ScalarAsync(Database, "SELECT mean(requests) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        var max = await influx.ScalarAsync(Database, "SELECT max(duration_ms) FROM collector WHERE job = 'live_snapshot' AND result = 'ok'");
        await stop.CancelAsync();
        await worker;

        latencies.Sort();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"min {latencies[0]:0}, median {Percentile(latencies, 50):0}, mean {latencies.Average():0}, p95 {Percentile(latencies, 95):0}, max {latencies[^1]:0}");
        Console.WriteLine($"interval {interval:c}, {trials} trials: latency from a change in the simulator to the point in InfluxDB, ms: {summary}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live snapshot runs: {runs}, read + derive ms (the first run fetches the token): median {median?.GetDouble():0}, p95 {p95?.GetDouble():0}, max {max?.GetDouble():0}; XAPI requests per run: mean {requests?.GetDouble():0.00}"));
        return 0;
    }

    static Task<int> RunWorkerAsync(Uri sim, Uri influx, TimeSpan interval, string state, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pbxs:0:Name"] = "sim", ["Pbxs:0:BaseUrl"] = sim.ToString(), ["Pbxs:0:ClientId"] = "collector", ["Pbxs:0:ClientSecret"] = "sim-secret",
            ["Influx:Url"] = influx.ToString(), ["Influx:Database"] = Database,
            ["State:ConnectionString"] = $"Data Source={state}",
            ["Schedules:LiveSnapshotInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
            ["Schedules:CallLogSyncInterval"] = "01:00:00",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        var quiet = new StringWriter();
        var context = new CliContext
        {
            Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(quiet) }),
            Out = quiet,
            Error = Console.Error,
            LoadConfiguration = overrides => new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection(overrides).Build(),
        };
        return CollectorCommandLine.Build(context).Parse(["run"]).InvokeAsync(cancellationToken: cancellationToken);
    }

    /// <summary>Polls InfluxDB every 10 ms (the benchmark's resolution) until the point is queryable: InfluxDB is another
    /// process, and "queryable" is exactly what is measured.</summary>
    static async Task WaitForPointAsync(InfluxServer influx, DateTimeOffset at, TimeSpan timeout)
    {
        var query = $"SELECT count(calls_active) FROM pbx_live WHERE time = {InfluxServer.Nanoseconds(at)}";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            try
            {
                if (await influx.ScalarAsync(Database, query) is not null) return;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // the database may not exist yet
            }
            await Task.Delay(10);
        }
        throw new TimeoutException($"No pbx_live point at {at:O} within {timeout}.");
    }

    static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
