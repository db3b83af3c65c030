using System.Globalization;
using System.Text.Json;
using Collector.Testing;

namespace Collector.Bench.BackfillFloor;

/// <summary>
/// The backfill against its download-and-parse floor, as whole processes side by side: for each history size the
/// simulator (hosted here, warmed up first so its simulation is not timed) and a real influxd serve the floor
/// (<see cref="FloorCommand"/>, this program run again as a process) and <c>collector backfill --json</c> (the built
/// Release collector) in turn, A B A B …, on the same data, each process measured whole by <see cref="MeasuredProcess"/>.
/// Prints every run, then per size the medians and the collector's CPU as a multiple of the floor's.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- backfill-floor [--days 28 280] [--pairs 3] [--baseline DIR] [--window hh:mm:ss]</code>
/// <c>--baseline DIR</c> adds a third process to each round: the <c>collector.dll</c> in DIR (an earlier build, e.g. main's),
/// so before and after are measured in the same alternating run. <c>--variant NAME DIR [KEY=VALUE …]</c> (repeatable) adds
/// another: the <c>collector.dll</c> in DIR (e.g. a ReadyToRun publish) with those environment variables (e.g.
/// <c>DOTNET_TieredCompilation=0</c>).
/// </summary>
static class FloorComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var days = Values(args, "--days") is { Count: > 0 } d ? d.Select(int.Parse).ToArray() : [28, 280];
        var pairs = Values(args, "--pairs") is [var p] ? int.Parse(p, CultureInfo.InvariantCulture) : 3;
        var baseline = Values(args, "--baseline") is [var b] ? Path.GetFullPath(Path.Combine(b, "collector.dll")) : null;
        string[] window = Values(args, "--window") is [var w] ? ["--window", w] : [];   // both processes: the backfill's windows
        var here = AppContext.BaseDirectory;
        var contenders = new List<(string Name, Func<SimulatorHost, Uri, DateTimeOffset, DateTimeOffset, Task<Run>> RunAsync)>
        {
            ("floor", (sim, _, from, to) => FloorAsync(Path.Combine(here, "Collector.Bench.dll"), sim, from, to, window)),
            ("collector", (sim, influx, from, to) => CollectorAsync(Path.Combine(here, "collector.dll"), sim, influx, from, to, window)),
        };
        if (baseline is not null)
            contenders.Add(("baseline", (sim, influx, from, to) => CollectorAsync(baseline, sim, influx, from, to, window)));
        foreach (var (name, dll, environment) in Variants(args))
            contenders.Add((name, (sim, influx, from, to) => CollectorAsync(dll, sim, influx, from, to, window, environment)));

        await using var influxd = await InfluxServer.StartAsync();
        var end = BackfillBenchmark.LastMonday();
        var summary = new List<string>();
        Console.WriteLine($"Load average at start: {LoadAverage()}");
        Console.WriteLine("| days | round | process | rows | wall s | CPU s | user s | sys s | CPU µs per row | peak RSS MB |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in days)
        {
            await using var sim = await SimulatorHost.StartAsync("--seed", "11", "--speed", "0", "--start", end.ToString("O", CultureInfo.InvariantCulture),
                "--history-days", n.ToString(CultureInfo.InvariantCulture), "--queues", "5", "--agents", "30", "--calls-per-hour", "150", "--Logging:LogLevel:Default", "Warning");
            using (var warm = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromMinutes(10) })
                await warm.GetStringAsync("sim/truth/calls");   // run the simulation up to now before timing anything
            var runs = contenders.ToDictionary(c => c.Name, _ => new List<Run>());
            for (var round = 1; round <= pairs; round++)
            {
                foreach (var (name, runAsync) in contenders)
                {
                    var run = await runAsync(sim, influxd.Url, end.AddDays(-n), end);
                    runs[name].Add(run);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {n} | {round} | {name} | {run.Rows:N0} | {run.Cost.Wall.TotalSeconds:F1} | {run.Cost.Cpu.TotalSeconds:F2} | {run.Cost.User.TotalSeconds:F2} | {run.Cost.System.TotalSeconds:F2} | {run.Cost.Cpu.TotalMicroseconds / Math.Max(1, run.Rows):F1} | {run.Cost.PeakRssBytes / 1048576.0:F0} |"));
                }
            }

            var floor = Median(runs["floor"], r => r.Cost.Cpu.TotalSeconds);
            foreach (var (name, list) in runs)
            {
                var cpu = Median(list, r => r.Cost.Cpu.TotalSeconds);
                var ratios = list.Zip(runs["floor"], (c, f) => c.Cost.Cpu.TotalSeconds / f.Cost.Cpu.TotalSeconds).Order().ToList();
                summary.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {name} | {list[0].Rows:N0} | {Median(list, r => r.Cost.Wall.TotalSeconds):F1} | {cpu:F2} | {cpu / floor:F2}× ({ratios[0]:F2}–{ratios[^1]:F2}) | {list.Max(r => r.Cost.PeakRssBytes) / 1048576.0:F0} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Medians over {pairs} rounds (CPU × floor: the median's ratio, and the range of the rounds' own ratios); load average at end: {LoadAverage()}");
        Console.WriteLine("| days | process | rows | wall s | CPU s | CPU × floor | peak RSS MB (max) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var line in summary) Console.WriteLine(line);
        return 0;
    }

    sealed record Run(long Rows, ProcessCost Cost);

    static async Task<Run> FloorAsync(string bench, SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, string[] window)
    {
        using var folder = new TempDirectory("bench-floor");
        var cost = await MeasuredProcess.RunAsync("dotnet",
            [bench, "floor", "--pbx", sim.BaseUrl.ToString(), "--from", Iso(from), "--to", Iso(to), "--client-id", sim.ClientId, "--client-secret", sim.ClientSecret, .. window],
            new Dictionary<string, string>(), folder.Path);
        using var done = JsonDocument.Parse(cost.Stdout.Trim().Split('\n')[^1]);
        return new Run(done.RootElement.GetProperty("rows").GetInt64(), cost);
    }

    // Each "--variant NAME DIR [KEY=VALUE …]": a collector.dll in DIR run with those environment variables.
    static IEnumerable<(string Name, string Dll, Dictionary<string, string> Environment)> Variants(string[] args)
    {
        for (var at = Array.IndexOf(args, "--variant"); at >= 0 && at + 2 < args.Length; at = Array.IndexOf(args, "--variant", at + 1))
        {
            var environment = args.Skip(at + 3).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
                .Select(a => a.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
            yield return (args[at + 1], Path.GetFullPath(Path.Combine(args[at + 2], "collector.dll")), environment);
        }
    }

    static async Task<Run> CollectorAsync(string collector, SimulatorHost sim, Uri influx, DateTimeOffset from, DateTimeOffset to, string[] window,
        Dictionary<string, string>? variables = null)
    {
        using var folder = new TempDirectory("bench-state");
        var database = $"bench_{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>(variables ?? new Dictionary<string, string>())
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Pbxs__0__Name"] = "bench",
            ["Pbxs__0__BaseUrl"] = sim.BaseUrl.ToString(),
            ["Pbxs__0__ClientId"] = sim.ClientId,
            ["Pbxs__0__ClientSecret"] = sim.ClientSecret,
            ["Influx__Url"] = influx.ToString(),
            ["Influx__Database"] = database,
            ["State__ConnectionString"] = $"Data Source={Path.Combine(folder.Path, "state.db")}",
        };
        var cost = await MeasuredProcess.RunAsync("dotnet",
            [collector, "backfill", "--from", Iso(from), "--to", Iso(to), "--json", .. window],
            environment,
            folder.Path);
        using (var http = new HttpClient { BaseAddress = influx })
            (await http.PostAsync($"query?q={Uri.EscapeDataString($"DROP DATABASE \"{database}\"")}", null)).Dispose();   // keep influxd small between runs
        using var done = JsonDocument.Parse(cost.Stdout.Trim().Split('\n')[^1]);
        return new Run(done.RootElement.GetProperty("rows").GetInt64(), cost);
    }

    static string Iso(DateTimeOffset instant) => instant.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    static double Median<T>(IReadOnlyList<T> items, Func<T, double> value)
    {
        var sorted = items.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static List<string> Values(string[] args, string option)
    {
        var at = Array.IndexOf(args, option);
        return at < 0 ? [] : args.Skip(at + 1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
