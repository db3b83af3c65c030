using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Collector.Testing;

namespace Collector.Bench;

/// <summary>
/// The whole backfill, as a user runs it: the built <c>collector backfill --json</c> process against the simulator
/// (hosted here, warmed up first so its simulation is not timed) and a real influxd, for 1, 3 and 7 simulated days of a
/// 5-queue, 30-agent, 150-calls-per-hour call centre. Per run: the process's wall time, the backfill's own time and
/// rows/s over it, the process's CPU time and its peak resident memory (VmHWM), so one can see memory stays flat as
/// the history grows.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- backfill [days ...]</code> (default 1 3 7)
/// </summary>
static class BackfillBenchmark
{
    /// <summary>The last Monday 00:00 UTC: the history ends there, so 7 days are a whole week with its weekend.</summary>
    static readonly DateTimeOffset End = LastMonday();

    internal static DateTimeOffset LastMonday()
    {
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    /// <param name="args">Numbers of days (default 1 3 7), and optionally <c>--heap-limit-mb N</c>: run the collector with its
    /// managed heap capped (<c>DOTNET_GCHeapHardLimit</c>), which it survives only if it holds no more than a window at a time.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var limitAt = Array.IndexOf(args, "--heap-limit-mb");
        long? heapLimitMb = limitAt >= 0 ? long.Parse(args[limitAt + 1], CultureInfo.InvariantCulture) : null;
        if (limitAt >= 0) args = [.. args[..limitAt], .. args[(limitAt + 2)..]];
        var days = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1, 3, 7];
        var collector = Path.Combine(AppContext.BaseDirectory, "collector.dll");
        await using var influxd = await InfluxServer.StartAsync();
        Console.WriteLine("| days | calls | rows | points | process s | backfill s | rows/s | CPU s | CPU µs per row | peak RSS MB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in days)
        {
            await using var sim = await SimulatorHost.StartAsync("--seed", "11", "--speed", "0", "--start", End.ToString("O", CultureInfo.InvariantCulture),
                "--history-days", n.ToString(CultureInfo.InvariantCulture), "--queues", "5", "--agents", "30", "--calls-per-hour", "150", "--Logging:LogLevel:Default", "Warning");
            using (var warm = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromMinutes(5) })
                await warm.GetStringAsync("sim/truth/calls");   // run the simulation up to now before timing anything
            var run = await RunCollectorAsync(collector, sim.BaseUrl, influxd.Url, End.AddDays(-n), End, heapLimitMb);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {run.Calls:N0} | {run.Rows:N0} | {run.Points:N0} | {run.Wall.TotalSeconds:F1} | {run.Backfill.TotalSeconds:F1} | {run.Rows / run.Backfill.TotalSeconds:N0} | {run.Cpu.TotalSeconds:F1} | {run.Cpu.TotalMicroseconds / Math.Max(1, run.Rows):F0} | {run.PeakBytes / 1048576.0:F0} |"));
        }
        return 0;
    }

    /// <param name="Wall">The collector process from start to exit (start-up included).</param>
    /// <param name="Backfill">The backfill itself, as the process reports it (<c>elapsed_s</c>).</param>
    sealed record Run(long Calls, long Rows, long Points, TimeSpan Wall, TimeSpan Backfill, TimeSpan Cpu, long PeakBytes);

    static async Task<Run> RunCollectorAsync(string collector, Uri pbx, Uri influx, DateTimeOffset from, DateTimeOffset to, long? heapLimitMb)
    {
        using var folder = new TempDirectory("bench-state");
        var state = folder.Path;
        var start = new ProcessStartInfo("dotnet", [collector, "backfill", "--from", from.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture), "--to", to.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture), "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = state,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Pbxs__0__Name"] = "bench",
                ["Pbxs__0__BaseUrl"] = pbx.ToString(),
                ["Pbxs__0__ClientId"] = "collector",
                ["Pbxs__0__ClientSecret"] = "sim-secret",
                ["Influx__Url"] = influx.ToString(),
                ["Influx__Database"] = $"bench_{Guid.NewGuid():N}",
                ["State__ConnectionString"] = $"Data Source={Path.Combine(state, "state.db")}",
            },
        };
        if (heapLimitMb is { } mb)
            start.Environment["DOTNET_GCHeapHardLimit"] = (mb * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var monitor = new BackfillProcessMonitor();
        var watching = monitor.WatchAsync(process);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        await watching;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"collector backfill exited {process.ExitCode}: {await stderr}\n{await stdout}");
        using var done = JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]);
        var root = done.RootElement;
        return new Run(root.GetProperty("calls").GetInt64(), root.GetProperty("rows").GetInt64(), root.GetProperty("points").GetInt64(),
            clock.Elapsed, TimeSpan.FromSeconds(root.GetProperty("elapsed_s").GetDouble()), monitor.CpuTime, monitor.PeakWorkingSetBytes);
    }
}
