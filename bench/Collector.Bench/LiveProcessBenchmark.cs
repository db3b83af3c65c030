using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Collector.Testing;
using Collector.Testing.Faults;

namespace Collector.Bench;

/// <summary>
/// The whole live snapshot as a process, all in: the built collector (<c>collector run</c>, its own process) taking live
/// snapshots of a 50-queue, 500-agent simulated PBX (the simulator in another process, running in real time in a busy
/// hour) and writing them to a real influxd (a third process). Variants run one after the other, alternately, for the
/// same measured window each:
/// <list type="bullet">
/// <item><c>live</c>: the collector as built, snapshots every <c>--interval</c>;</item>
/// <item><c>idle</c>: the same process with live snapshots off (an interval of an hour: its one snapshot comes in the PBX's slot of
/// the hour, so the run starts once the call-log sync's first run is stored), so what remains is the host, Quartz, the outbox
/// flusher and the runtime;</item>
/// <item><c>baseline</c> (with <c>--baseline DIR</c>, a folder holding another build's <c>collector.dll</c>): that build
/// with snapshots every <c>--interval</c>, and <c>baseline-idle</c>, that build with snapshots off, to compare a change
/// side by side;</item>
/// <item><c>--env KEY=VALUE</c> (repeatable) runs <c>live</c> and <c>idle</c> with that environment too (a runtime setting
/// tried before it goes into the build).</item>
/// </list>
/// Per run: CPU time (user + system, <c>/proc/PID/stat</c>) over the window per snapshot taken in it; resident memory at
/// the window's end and its peak (<c>VmRSS</c>, <c>VmHWM</c>); and for each snapshot the latency from its start (the run
/// point's timestamp, on this machine's clock) to its points being queryable, seen by polling InfluxDB every 10 ms. That
/// latency leaves out the tick phase (the wait from a change in the PBX to the next snapshot: uniform over the
/// interval), which <c>live-latency</c> measures.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- live-process [--interval 00:00:05] [--seconds 60] [--rounds 3] [--baseline DIR] [--env KEY=VALUE]</code>
/// </summary>
static class LiveProcessBenchmark
{
    const string Live = "live";
    const string Idle = "idle";
    const string Baseline = "baseline";
    const string BaselineIdle = "baseline-idle";
    const string LiveJob = "live_snapshot";

    /// <summary>One collector configuration under test: its build, whether it takes snapshots, extra environment.</summary>
    sealed record Variant(string Name, string Dll, bool Snapshots, IReadOnlyDictionary<string, string> Environment)
    {
        public string IdleName => Name == Baseline ? BaselineIdle : Idle;
    }
    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var interval = TimeSpan.Parse(Option(args, "--interval") ?? "00:00:05", CultureInfo.InvariantCulture);
        var window = TimeSpan.FromSeconds(double.Parse(Option(args, "--seconds") ?? "60", CultureInfo.InvariantCulture));
        var warmUp = TimeSpan.FromSeconds(double.Parse(Option(args, "--warm-up") ?? "20", CultureInfo.InvariantCulture));
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var queues = Option(args, "--queues") ?? "50";
        var agents = Option(args, "--agents") ?? "500";
        var callsPerHour = Option(args, "--calls-per-hour") ?? "5000";
        var baselineDir = Option(args, "--baseline");
        // --env KEY=VALUE (repeatable): extra environment for this build's variants, e.g. to try a runtime setting.
        var extra = args.Select((a, i) => a == "--env" && i + 1 < args.Length ? args[i + 1] : null).OfType<string>()
            .Select(e => e.Split('=', 2)).ToDictionary(e => e[0], e => e[1]);
        var variants = new List<Variant> { new(Live, Beside("collector.dll"), true, extra), new(Idle, Beside("collector.dll"), false, extra) };
        if (baselineDir is not null)
        {
            var dll = Path.GetFullPath(Path.Combine(baselineDir, "collector.dll"));
            variants.Add(new(Baseline, dll, true, new Dictionary<string, string>()));
            variants.Add(new(BaselineIdle, dll, false, new Dictionary<string, string>()));
        }
        foreach (var dll in variants.Select(v => v.Dll).Distinct().Where(d => !File.Exists(d)))
            throw new FileNotFoundException($"No collector build at {dll}.");

        await using var influx = await InfluxServer.StartAsync();
        await using var sim = await SimulatorChildProcess.StartAsync(Beside("threecx-simulator.dll"),
            ["--seed", "11", "--speed", "1", "--start", "2026-11-23T10:00:00Z", "--history-days", "0.01",
             "--queues", queues, "--agents", agents, "--calls-per-hour", callsPerHour]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"live-process: {queues} queues, {agents} agents, {callsPerHour} calls/h (simulator in real time), interval {interval:c}, window {window.TotalSeconds:0} s after {warmUp.TotalSeconds:0} s of warm-up, {rounds} rounds of {string.Join(", ", variants.Select(v => v.Name))}{(extra.Count > 0 ? $"; {Live} and {Idle} with {string.Join(' ', extra.Select(e => $"{e.Key}={e.Value}"))}" : "")}"));
        Console.WriteLine("| round | variant | snapshots | CPU s in window | CPU ms per snapshot | RSS MB (end / peak) | start → queryable ms (p50 / p99) | read + derive ms (p50) | requests per snapshot | points per snapshot |");
        Console.WriteLine("|---:|---|---:|---:|---:|---|---|---:|---:|---:|");
        var runs = new List<RunResult>();
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var variant in variants)
            {
                var run = await MeasureAsync(variant, round, sim, influx, variant.Snapshots ? interval : TimeSpan.FromHours(1), window, warmUp);
                runs.Add(run);
                Console.WriteLine(run.Row());
            }
        }

        Console.WriteLine();
        Console.WriteLine("Summary (medians over the rounds; above idle = (CPU of the variant − CPU of idle in the same round) / snapshots):");
        Console.WriteLine("| variant | CPU ms per snapshot, all in | CPU ms per snapshot, above idle | % of a core at this interval (all in / above idle) | RSS MB (end / peak) | start → queryable ms (p50 / p99) |");
        Console.WriteLine("|---|---:|---:|---|---|---|");
        foreach (var variant in variants.Where(v => v.Snapshots))
        {
            var mine = runs.Where(r => r.Variant == variant.Name).ToList();
            var above = mine.Select(r => (r.Cpu - runs.Single(i => i.Variant == variant.IdleName && i.Round == r.Round).Cpu).TotalMilliseconds / Math.Max(1, r.Snapshots)).ToList();
            var allIn = mine.Select(r => r.CpuPerSnapshotMs).ToList();
            var latencies = mine.SelectMany(r => r.Latencies).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Name} | {Median(allIn):0.0} | {Median(above):0.0} | {Median(allIn) / interval.TotalMilliseconds * 100:0.00} % / {Median(above) / interval.TotalMilliseconds * 100:0.00} % | {Median(mine.Select(r => r.RssMb).ToList()):0} / {Median(mine.Select(r => r.PeakRssMb).ToList()):0} | {Percentile(latencies, 50):0} / {Percentile(latencies, 99):0} |"));
        }

        foreach (var variant in variants.Where(v => !v.Snapshots))
        {
            var idle = runs.Where(r => r.Variant == variant.Name).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant.Name} | CPU {Median(idle.Select(r => r.Cpu.TotalSeconds).ToList()):0.00} s per {window.TotalSeconds:0} s window | | | {Median(idle.Select(r => r.RssMb).ToList()):0} / {Median(idle.Select(r => r.PeakRssMb).ToList()):0} | |"));
        }
        return 0;
    }

    sealed record RunResult(int Round, string Variant, int Snapshots, TimeSpan Cpu, double RssMb, double PeakRssMb, List<double> Latencies,
        double ReadDeriveMs, double Requests, double Points)
    {
        public double CpuPerSnapshotMs => Cpu.TotalMilliseconds / Math.Max(1, Snapshots);

        public string Row()
        {
            var sorted = Latencies.Order().ToList();
            var latency = sorted.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 50):0} / {Percentile(sorted, 99):0}");
            return string.Create(CultureInfo.InvariantCulture,
                $"| {Round} | {Variant} | {Snapshots} | {Cpu.TotalSeconds:0.00} | {(Snapshots == 0 ? "–" : CpuPerSnapshotMs.ToString("0.0", CultureInfo.InvariantCulture))} | {RssMb:0} / {PeakRssMb:0} | {latency} | {ReadDeriveMs:0} | {Requests:0.00} | {Points:0} |");
        }
    }

    static async Task<RunResult> MeasureAsync(Variant variant, int round, SimulatorChildProcess sim, InfluxServer influx,
        TimeSpan interval, TimeSpan window, TimeSpan warmUp)
    {
        var database = $"live_{round}_{Guid.NewGuid():N}"[..24];
        using var folder = new TempDirectory("bench-live-process");
        var start = new ProcessStartInfo("dotnet", [variant.Dll, "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.Path,
            Environment =
            {
                ["Schedules__LiveSnapshotInterval"] = interval.ToString("c", CultureInfo.InvariantCulture),
                ["Schedules__CallLogSyncInterval"] = "1.00:00:00",
                ["Reconcile__Enabled"] = "false",
                ["Serilog__MinimumLevel__Default"] = "Warning",
            },
        };
        foreach (var (key, value) in sim.CollectorEnvironment(influx, database, Path.Combine(folder.Path, "state.db")).Concat(variant.Environment))
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the collector.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            // Warm-up: the first snapshot (token, caches, database), the call-log job's first run, JIT. The idle variant's
            // first snapshot is in its slot of the hour (PbxScheduleOffset), so it waits for the call-log sync's run at start.
            await WaitForFirstRunAsync(influx, database, variant.Snapshots ? LiveJob : null, process, TimeSpan.FromSeconds(120), errors);
            await Task.Delay(warmUp);

            var from = DateTimeOffset.UtcNow;
            var cpuBefore = ProcessCpu(process.Id);
            var latencies = new List<double>();
            var seen = from;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < window)
            {
                var asked = DateTimeOffset.UtcNow;
                foreach (var startedAt in await RunsAfterAsync(influx, database, seen))
                {
                    latencies.Add((asked - startedAt).TotalMilliseconds);
                    seen = startedAt;
                }
                await Task.Delay(Poll);
            }

            var cpu = ProcessCpu(process.Id) - cpuBefore;
            var to = from + clock.Elapsed;
            var (rss, peak) = Memory(process.Id);
            if (process.HasExited)
                throw new InvalidOperationException($"The collector exited during the run: {await errors}");
            var stats = await influx.QueryAsync(database, string.Create(CultureInfo.InvariantCulture,
                $"SELECT count(duration_ms), median(duration_ms), mean(requests), mean(points) FROM collector WHERE job = 'live_snapshot' AND result = 'ok' AND time >= {InfluxServer.Nanoseconds(from)} AND time < {InfluxServer.Nanoseconds(to)}"));
            var values = stats.GetProperty("results")[0].TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0] : default;
            double Value(int i) => values.ValueKind == JsonValueKind.Array && values[i].ValueKind == JsonValueKind.Number ? values[i].GetDouble() : 0;
            return new RunResult(round, variant.Name, (int)Value(1), cpu, rss / 1048576.0, peak / 1048576.0, latencies, Value(2), Value(3), Value(4));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await output;
        }
    }

    /// <summary>Waits until a run of <paramref name="job"/> (any job when null) is queryable.</summary>
    static async Task WaitForFirstRunAsync(InfluxServer influx, string database, string? job, Process process, TimeSpan timeout, Task<string> errors)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if ((await RunsAfterAsync(influx, database, DateTimeOffset.MinValue, job)).Count > 0)
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"The collector wrote no {job ?? "job"} run within {timeout} (exited: {process.HasExited}){(process.HasExited ? ": " + await errors : "")}");
    }

    /// <summary>The start times of the runs of <paramref name="job"/> (any job when null) stamped after <paramref name="after"/> that are queryable now.</summary>
    static async Task<List<DateTimeOffset>> RunsAfterAsync(InfluxServer influx, string database, DateTimeOffset after, string? job = LiveJob)
    {
        var since = after == DateTimeOffset.MinValue ? "0" : InfluxServer.Nanoseconds(after);
        try
        {
            var answer = await influx.QueryAsync(database, $"SELECT duration_ms FROM collector WHERE {(job is null ? "" : $"job = '{job}' AND ")}time > {since}");
            if (!answer.GetProperty("results")[0].TryGetProperty("series", out var series))
                return [];
            return [.. series[0].GetProperty("values").EnumerateArray().Select(v => DateTimeOffset.UnixEpoch.AddTicks(v[0].GetInt64() / 100))];
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or KeyNotFoundException)
        {
            return []; // the database does not exist yet
        }
    }

    /// <summary>User + system CPU time of a process (<c>/proc/PID/stat</c>, fields 14 and 15, in USER_HZ = 100 ticks a second).</summary>
    static TimeSpan ProcessCpu(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0);
    }

    /// <summary>Resident memory now and at its peak (<c>VmRSS</c>, <c>VmHWM</c>), in bytes.</summary>
    static (long Rss, long Peak) Memory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        long Kb(string key) => long.Parse(lines.First(l => l.StartsWith(key, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return (Kb("VmRSS:"), Kb("VmHWM:"));
    }

    static string Beside(string file) => Path.Combine(AppContext.BaseDirectory, file);

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    static double Percentile(List<double> sorted, int percent) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
