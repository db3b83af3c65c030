using System.Diagnostics;
using System.Globalization;
using Collector.Testing;

namespace Collector.Bench;

/// <summary>
/// One collector process carrying many PBXs: the simulator plays <c>--pbxs</c> tenants in this process (real time), a
/// real influxd takes the points, and the built collector (<c>dotnet collector.dll run</c>, configured by environment
/// variables) runs as a child process with a live interval of 5 s and a call-log interval of 1 min. After a warm-up it
/// measures, over the window: the collector's CPU share (user + system time of the whole process / wall time), its peak
/// resident memory (VmHWM), XAPI requests per PBX per minute (counted by the simulator), and the latency from each
/// live snapshot (its <c>pbx_live</c> point's time: the PBX's ServerNow) to the point being queryable in InfluxDB
/// (polled every 100 ms). With several <c>--collector</c> builds, runs alternate between them (<c>--rounds</c> each).
/// <code>dotnet run -c Release --project bench/Collector.Bench -- many-pbxs [--pbxs 100] [--warmup 60] [--seconds 180] [--rounds 1] [--collector PATH/collector.dll ...]</code>
/// </summary>
static class ManyPbxsBenchmark
{
    const string Database = "threecx";
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        var pbxs = int.Parse(Option(args, "--pbxs") ?? "100", CultureInfo.InvariantCulture);
        var warmup = TimeSpan.FromSeconds(double.Parse(Option(args, "--warmup") ?? "60", CultureInfo.InvariantCulture));
        var window = TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "180", CultureInfo.InvariantCulture));
        var rounds = int.Parse(Option(args, "--rounds") ?? "1", CultureInfo.InvariantCulture);
        var collectors = Options(args, "--collector").Select(Path.GetFullPath).ToList();
        if (collectors.Count == 0) collectors.Add(Path.Combine(AppContext.BaseDirectory, "collector.dll"));

        Console.WriteLine($"{pbxs} simulated PBXs (one process), live every 5 s, call log every 1 min; warm-up {warmup.TotalSeconds:0} s, window {window.TotalSeconds:0} s; {Environment.ProcessorCount} cores");
        await using var influx = await InfluxServer.StartAsync();
        var tenants = await SimulatorHost.StartTenantsAsync(pbxs, "--history-days", "0.02", "--seed", "1",
            "--Logging:LogLevel:Default=Warning");   // not 100 × "Now listening on"
        try
        {
            for (var round = 0; round < rounds; round++)
                foreach (var collector in collectors)
                {
                    var result = await RunOnceAsync(collector, tenants, influx, warmup, window, $"r{round}_{collectors.IndexOf(collector)}");
                    Console.WriteLine($"{collector}: {result}");
                }
        }
        finally
        {
            foreach (var tenant in tenants) await tenant.DisposeAsync();
        }
        return 0;
    }

    internal static async Task<string> RunOnceAsync(string collectorDll, IReadOnlyList<SimulatorHost> tenants, InfluxServer influx, TimeSpan warmup, TimeSpan window, string tag)
    {
        using var folder = new TempDirectory("bench-many-pbxs");
        var database = $"{Database}_{tag}";
        var start = new ProcessStartInfo("dotnet", [collectorDll, "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.Path,   // no appsettings.json of ours
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Pbxs__", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        var environment = start.Environment;
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["Influx__Url"] = influx.Url.ToString();
        environment["Influx__Database"] = database;
        environment["State__ConnectionString"] = $"Data Source={folder.File("state.db")}";
        environment["Schedules__LiveSnapshotInterval"] = "00:00:05";
        environment["Schedules__CallLogSyncInterval"] = "00:01:00";
        environment["Serilog__MinimumLevel__Default"] = "Warning";
        for (var i = 0; i < tenants.Count; i++)
        {
            environment[$"Pbxs__{i}__Name"] = $"pbx{i:000}";
            environment[$"Pbxs__{i}__BaseUrl"] = tenants[i].BaseUrl.ToString();
            environment[$"Pbxs__{i}__ClientId"] = tenants[i].ClientId;
            environment[$"Pbxs__{i}__ClientSecret"] = tenants[i].ClientSecret;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) lock (errors) if (errors.Count < 20) errors.Add(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (errors) if (errors.Count < 20) errors.Add(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        try
        {
            await Task.Delay(warmup);
            if (process.HasExited) throw new InvalidOperationException($"the collector exited ({process.ExitCode}): {string.Join(" | ", errors)}");
            var cpuBefore = CpuTime(process.Id);
            var requestsBefore = tenants.Sum(t => t.RequestsTo("/xapi/"));
            var tokensBefore = tenants.Sum(t => t.RequestsTo("/connect/token"));
            var measured = Stopwatch.StartNew();
            var latencies = await PollLatenciesAsync(influx, database, window);
            var elapsed = measured.Elapsed;
            var cpu = CpuTime(process.Id) - cpuBefore;
            var requests = tenants.Sum(t => t.RequestsTo("/xapi/")) - requestsBefore;
            var tokens = tenants.Sum(t => t.RequestsTo("/connect/token")) - tokensBefore;
            var allIn = CpuTime(process.Id);
            var peak = PeakRss(process.Id);
            var liveErrors = await influx.ScalarAsync(database, "SELECT count(duration_ms) FROM collector WHERE job = 'live_snapshot' AND result = 'error'");
            latencies.Sort();
            var minutes = elapsed.TotalMinutes;
            return string.Create(CultureInfo.InvariantCulture,
                $"CPU {cpu.TotalSeconds / elapsed.TotalSeconds:0.000} cores over the window ({allIn.TotalSeconds / started.Elapsed.TotalSeconds:0.000} since start, warm-up included); " +
                $"peak RSS {peak / 1048576.0:0} MiB; XAPI requests per PBX per minute {requests / minutes / tenants.Count:0.0} (+ {tokens / minutes / tenants.Count:0.00} token); " +
                $"snapshot → queryable ms: {latencies.Count} points, p50 {Percentile(latencies, 50):0}, p99 {Percentile(latencies, 99):0}, max {(latencies.Count > 0 ? latencies[^1] : 0):0}; " +
                $"live runs with result=error: {liveErrors?.GetInt64() ?? 0}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// Every <see cref="Poll"/>, the newest <c>pbx_live</c> point of each PBX; a point not seen before counts with the
    /// latency from its time to now (so each sample is up to one poll late; a point overtaken within one poll is missed).
    /// </summary>
    internal static async Task<List<double>> PollLatenciesAsync(InfluxServer influx, string database, TimeSpan window)
    {
        var lastSeen = new Dictionary<string, long>(StringComparer.Ordinal);
        var latencies = new List<double>();
        var first = true;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            var answer = await influx.QueryAsync(database, "SELECT last(calls_active) FROM pbx_live WHERE time > now() - 1m GROUP BY pbx");
            var now = DateTimeOffset.UtcNow;
            if (answer.GetProperty("results")[0].TryGetProperty("series", out var series))
                foreach (var s in series.EnumerateArray())
                {
                    var pbx = s.GetProperty("tags").GetProperty("pbx").GetString()!;
                    var time = s.GetProperty("values")[0][0].GetInt64();
                    if (lastSeen.TryGetValue(pbx, out var seen) && seen == time) continue;
                    lastSeen[pbx] = time;
                    if (first) continue;   // already there when polling began: its arrival is unknown
                    latencies.Add((now - DateTimeOffset.UnixEpoch).TotalMilliseconds - time / 1_000_000.0);
                }
            first = false;
            await Task.Delay(Poll);
        }
        return latencies;
    }

    internal static TimeSpan CpuTime(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After the ")": utime [11], stime [12] in clock ticks (USER_HZ = 100): fields 14 and 15 of proc(5).
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    internal static long PeakRss(int pid)
    {
        var hwm = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    internal static double Percentile(List<double> sorted, int percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static IEnumerable<string> Options(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
            if (args[i] == name) yield return args[i + 1];
    }
}
