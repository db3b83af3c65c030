using System.Diagnostics;
using System.Globalization;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Bench;

/// <summary>
/// What one call-log sync costs on a large call centre, before and after incremental runs, side by side: two simulated
/// PBXs (the built simulator, each its own process, the same seed, clocks frozen and moved a minute before each run), a
/// real influxd, and in this process two call-log pipelines composed as the worker composes them: "full" with
/// <c>CallLog:FullSyncInterval=00:00:00</c> (every run reads everything after the watermark with its hour of margin, as
/// every run did before) and "incremental" with the defaults. The runs alternate (full, incremental, full, …) so both
/// see the same load from the rest of the machine. Per run: call-log rows read from the PBX, calls written, calls left
/// unchanged, whether it was a full run, wall time, and this process's CPU time and allocations over the run (this process
/// only runs the syncs; the simulators and influxd are other processes).
/// <code>dotnet run -c Release --project bench/Collector.Bench -- sync-cost [--runs 30] [--queues 50] [--agents 500] [--calls-per-hour 4000]</code>
/// </summary>
static class SyncCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = int.Parse(Option(args, "--runs") ?? "30", CultureInfo.InvariantCulture);
        var queues = Option(args, "--queues") ?? "50";
        var agents = Option(args, "--agents") ?? "500";
        var callsPerHour = Option(args, "--calls-per-hour") ?? "4000";
        string[] model = ["--seed", "11", "--speed", "0", "--start", "2026-11-18T09:00:00Z", "--history-days", "0.25",
            "--queues", queues, "--agents", agents, "--calls-per-hour", callsPerHour];
        Console.WriteLine($"sync-cost: {runs} runs a simulated minute apart per mode, {queues} queues, {agents} agents, {callsPerHour} calls/h (seed 11, from 2026-11-18T09:00Z)");

        await using var influx = await InfluxServer.StartAsync();
        await using var fullSim = await ChildSimulator.StartAsync(model);
        await using var incrementalSim = await ChildSimulator.StartAsync(model);
        using var folder = new TempDirectory("bench-sync-cost");
        await using var full = Pipeline.Create(fullSim.BaseUrl, influx.Url, folder.File("full.db"), "full", ("CallLog:FullSyncInterval", "00:00:00"));
        await using var incremental = Pipeline.Create(incrementalSim.BaseUrl, influx.Url, folder.File("incremental.db"), "incremental");

        // The first run of each is a full catch-up over CallLog:InitialLookback (2 h): not a steady-state run, not counted.
        await full.SyncAsync();
        await incremental.SyncAsync();
        var samples = new Dictionary<string, List<Sample>> { ["full"] = [], ["incremental"] = [] };
        for (var i = 0; i < runs; i++)
        {
            foreach (var (pipeline, sim) in new[] { (full, fullSim), (incremental, incrementalSim) })
            {
                await sim.AdvanceAsync(TimeSpan.FromMinutes(1));
                samples[pipeline.Name].Add(await pipeline.SyncAsync());
            }
        }

        Console.WriteLine();
        Console.WriteLine("| mode | runs | full runs | rows read per run (mean / median / max) | calls written per run (mean / max) | calls left unchanged (mean) | wall ms (median) | CPU ms per run (mean / median) | MB allocated per run (mean) |");
        Console.WriteLine("|---|---:|---:|---|---|---:|---:|---|---:|");
        foreach (var (name, list) in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {list.Count} | {list.Count(s => s.Result.FullRead)} | {list.Average(s => s.Result.Rows):N0} / {Median(list, s => s.Result.Rows):N0} / {list.Max(s => s.Result.Rows):N0} | {list.Average(s => s.Result.Calls):N0} / {list.Max(s => s.Result.Calls):N0} | {list.Average(s => s.Result.CallsUnchanged):N0} | {Median(list, s => s.Wall.TotalMilliseconds):F0} | {list.Average(s => s.Cpu.TotalMilliseconds):F0} / {Median(list, s => s.Cpu.TotalMilliseconds):F0} | {list.Average(s => s.Allocated) / 1048576.0:F1} |"));
        }

        var before = samples["full"];
        var after = samples["incremental"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nincremental / full: rows read {after.Average(s => s.Result.Rows) / before.Average(s => s.Result.Rows):P0}, calls written {after.Average(s => s.Result.Calls) / Math.Max(1, before.Average(s => s.Result.Calls)):P0}, CPU {after.Average(s => s.Cpu.TotalMilliseconds) / before.Average(s => s.Cpu.TotalMilliseconds):P0}"));
        Console.WriteLine("per run (full rows / incremental rows, incremental full_read):");
        Console.WriteLine(string.Join(" ", before.Zip(after, (b, a) => string.Create(CultureInfo.InvariantCulture, $"{b.Result.Rows}/{a.Result.Rows}{(a.Result.FullRead ? "F" : "")}"))));
        return before.Concat(after).All(s => s.Result.Ok) ? 0 : 1;
    }

    static double Median(List<Sample> list, Func<Sample, double> value)
    {
        var sorted = list.Select(value).Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    sealed record Sample(CallLogSyncResult Result, TimeSpan Wall, TimeSpan Cpu, long Allocated);

    /// <summary>The call-log sync of one PBX, composed by <c>AddCollectorCore</c> from a user's configuration keys.</summary>
    sealed class Pipeline : IAsyncDisposable
    {
        readonly ServiceProvider _services;
        readonly CallLogSync _sync;
        readonly PbxOptions _pbx;

        Pipeline(string name, ServiceProvider services)
        {
            Name = name;
            _services = services;
            CollectorOptions.Validate(services);
            _pbx = services.GetRequiredService<CollectorSettings>().Pbxs[0];
            _sync = services.GetRequiredService<CallLogSync>();
        }

        public string Name { get; }

        public static Pipeline Create(Uri pbx, Uri influx, string state, string name, params (string Key, string Value)[] extra)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Pbxs:0:Name"] = "bench",
                ["Pbxs:0:BaseUrl"] = pbx.ToString(),
                ["Pbxs:0:ClientId"] = ChildSimulator.ClientId,
                ["Pbxs:0:ClientSecret"] = ChildSimulator.ClientSecret,
                ["Influx:Url"] = influx.ToString(),
                ["Influx:Database"] = $"bench_{name}_{Guid.NewGuid():N}",
                ["State:ConnectionString"] = $"Data Source={state}",
                ["CallLog:InitialLookback"] = "02:00:00",
            };
            foreach (var (key, value) in extra) settings[key] = value;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            return new Pipeline(name, new ServiceCollection().AddCollectorCore(configuration, new HostHooks(), CollectorLogging.Silent).BuildServiceProvider());
        }

        public async Task<Sample> SyncAsync()
        {
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            var wall = Stopwatch.StartNew();
            var result = await _sync.SyncOnceAsync(_pbx, CancellationToken.None);
            wall.Stop();
            self.Refresh();
            if (!result.Ok) Console.Error.WriteLine($"{Name}: run failed: {result.Error?.Message}");
            return new Sample(result, wall.Elapsed, self.TotalProcessorTime - cpu, GC.GetTotalAllocatedBytes(precise: false) - allocated);
        }

        public ValueTask DisposeAsync() => _services.DisposeAsync();
    }

    /// <summary>The built simulator (<c>dotnet threecx-simulator.dll</c>, beside this benchmark) as a child process on a free port.</summary>
    sealed class ChildSimulator : IAsyncDisposable
    {
        public const string ClientId = "collector";
        public const string ClientSecret = "bench-secret";

        readonly Process _process;
        readonly HttpClient _http;

        ChildSimulator(Process process, Uri baseUrl)
        {
            _process = process;
            BaseUrl = baseUrl;
            _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        }

        public Uri BaseUrl { get; }

        public static async Task<ChildSimulator> StartAsync(string[] model)
        {
            var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "threecx-simulator.dll"), "--urls", baseUrl.ToString().TrimEnd('/'),
                "--client-id", ClientId, "--client-secret", ClientSecret, "--Logging:LogLevel:Default=Warning", .. model])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var sim = new ChildSimulator(process, baseUrl);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    await sim._http.GetStringAsync("sim/clock");
                    break;
                }
                catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromMinutes(2) && !process.HasExited)
                {
                    await Task.Delay(200);
                }
            }
            await sim._http.GetStringAsync("sim/truth/calls");   // run the simulation up to now before anything is timed
            return sim;
        }

        public async Task AdvanceAsync(TimeSpan by)
        {
            using var content = new StringContent(string.Create(CultureInfo.InvariantCulture, $"{{\"advanceSeconds\":{by.TotalSeconds}}}"), System.Text.Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("sim/clock", content);
            response.EnsureSuccessStatusCode();
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
