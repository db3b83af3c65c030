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
/// What one call-log sync costs on a large call centre, side by side: simulated PBXs (the built simulator, each its own
/// process, the same seed, clocks frozen and moved a minute before each run), a real influxd, and in this process one
/// call-log pipeline per mode, composed as the worker composes them:
/// <list type="bullet">
/// <item>"at once": <c>CallLog:EndedCallsReadInterval=00:00:00</c>, each ended call's stretch read by the run that finds it
/// (the incremental sync before deferred stretch reads);</item>
/// <item>"deferred": the defaults (the ended calls' stretches read together every 5 minutes);</item>
/// <item>with <c>--full</c> also "full": <c>CallLog:FullSyncInterval=00:00:00</c>, every run reads everything after the
/// watermark with its hour of margin (the sync before incremental runs).</item>
/// </list>
/// The runs alternate (one of each mode per simulated minute) so all see the same load from the rest of the machine. Per
/// run: call-log rows read from the PBX, the <b>bound</b> (the rows whose StartTime is in [the run before's clock −
/// <c>CallLog:IncrementalOverlap</c>, now], counted by a separate read after the run, not timed), whether it was a full or
/// a stretch run, calls written and left unchanged, wall time, and this process's CPU time and allocations over the run
/// (this process only runs the syncs; the simulators and influxd are other processes).
/// <code>dotnet run -c Release --project bench/Collector.Bench -- sync-cost [--runs 30] [--queues 50] [--agents 500] [--calls-per-hour 4000] [--full]</code>
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

        var modes = new List<(string Name, (string, string)[] Settings)>
        {
            ("at once", [("CallLog:EndedCallsReadInterval", "00:00:00")]),
            ("deferred", []),
        };
        if (args.Contains("--full"))
            modes.Insert(0, ("full", [("CallLog:FullSyncInterval", "00:00:00")]));

        await using var influx = await InfluxServer.StartAsync();
        using var folder = new TempDirectory("bench-sync-cost");
        var lanes = new List<Lane>();
        try
        {
            foreach (var (name, settings) in modes)
            {
                var sim = await ChildSimulator.StartAsync(model);
                lanes.Add(new Lane(sim, Pipeline.Create(sim.BaseUrl, influx.Url, folder.File($"{lanes.Count}.db"), name, settings)));
            }

            // The first run of each is a full catch-up over CallLog:InitialLookback (2 h): not a steady-state run, not counted.
            foreach (var lane in lanes)
                lane.LastNow = Now(await lane.Pipeline.SyncAsync());
            for (var i = 0; i < runs; i++)
            {
                foreach (var lane in lanes)
                {
                    await lane.Sim.AdvanceAsync(TimeSpan.FromMinutes(1));
                    var sample = await lane.Pipeline.SyncAsync();
                    var now = Now(sample);
                    sample = sample with { Bound = await lane.Pipeline.CountRowsAsync(lane.LastNow - lane.Pipeline.Overlap, now) };
                    lane.LastNow = now;
                    lane.Samples.Add(sample);
                }
            }

            Print(lanes);
            return lanes.SelectMany(l => l.Samples).All(s => s.Result.Ok) ? 0 : 1;
        }
        finally
        {
            foreach (var lane in lanes)
            {
                await lane.Pipeline.DisposeAsync();
                await lane.Sim.DisposeAsync();
            }
        }
    }

    static void Print(List<Lane> lanes)
    {
        Console.WriteLine();
        Console.WriteLine("| mode | runs | full runs | stretch runs | rows read per run (mean / median / max) | ordinary runs: rows / bound (mean), runs within bound | calls written per run (mean / max) | calls left unchanged (mean) | wall ms (median) | CPU ms per run (mean / median) | MB allocated per run (mean) |");
        Console.WriteLine("|---|---:|---:|---:|---|---|---|---:|---:|---|---:|");
        foreach (var lane in lanes)
        {
            var list = lane.Samples;
            var ordinary = list.Where(s => !s.Result.FullRead && !s.Result.EndedCallsRead).ToList();
            var within = ordinary.Count(s => s.Result.Rows <= s.Bound);
            var ordinaryText = ordinary.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture,
                $"{ordinary.Average(s => s.Result.Rows):N0} / {ordinary.Average(s => s.Bound):N0}, {within} of {ordinary.Count}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {lane.Pipeline.Name} | {list.Count} | {list.Count(s => s.Result.FullRead)} | {list.Count(s => s.Result.EndedCallsRead)} | {list.Average(s => s.Result.Rows):N0} / {Median(list, s => s.Result.Rows):N0} / {list.Max(s => s.Result.Rows):N0} | {ordinaryText} | {list.Average(s => s.Result.Calls):N0} / {list.Max(s => s.Result.Calls):N0} | {list.Average(s => s.Result.CallsUnchanged):N0} | {Median(list, s => s.Wall.TotalMilliseconds):F0} | {list.Average(s => s.Cpu.TotalMilliseconds):F0} / {Median(list, s => s.Cpu.TotalMilliseconds):F0} | {list.Average(s => s.Allocated) / 1048576.0:F1} |"));
        }

        var baseline = lanes.First(l => l.Pipeline.Name == "at once").Samples;
        foreach (var lane in lanes.Where(l => l.Pipeline.Name != "at once"))
        {
            var after = lane.Samples;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\n{lane.Pipeline.Name} / at once: rows read {after.Average(s => s.Result.Rows) / baseline.Average(s => s.Result.Rows):P0}, calls written {after.Average(s => s.Result.Calls) / Math.Max(1, baseline.Average(s => s.Result.Calls)):P0}, CPU {after.Average(s => s.Cpu.TotalMilliseconds) / baseline.Average(s => s.Cpu.TotalMilliseconds):P0}"));
        }
        foreach (var lane in lanes)
        {
            Console.WriteLine($"\nper run, {lane.Pipeline.Name}: rows read/bound (F full run, S stretch run, * over the bound):");
            Console.WriteLine(string.Join(" ", lane.Samples.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"{s.Result.Rows}/{s.Bound}{(s.Result.FullRead ? "F" : s.Result.EndedCallsRead ? "S" : s.Result.Rows > s.Bound ? "*" : "")}"))));
        }
    }

    /// <summary>The PBX's clock at a run: the watermark plus the lag (the sync computes the lag as now − watermark).</summary>
    static DateTimeOffset Now(Sample sample) =>
        (sample.Result.Watermark ?? throw new InvalidOperationException($"the run failed: {sample.Result.Error?.Message}")) + sample.Result.Lag;

    sealed class Lane(ChildSimulator sim, Pipeline pipeline)
    {
        public ChildSimulator Sim { get; } = sim;

        public Pipeline Pipeline { get; } = pipeline;

        public DateTimeOffset LastNow { get; set; }

        public List<Sample> Samples { get; } = [];
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

    /// <param name="Bound">Rows whose StartTime is in [the run before's clock − the overlap, this run's clock] (0 until counted).</param>
    sealed record Sample(CallLogSyncResult Result, TimeSpan Wall, TimeSpan Cpu, long Allocated, int Bound = 0);

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

        /// <summary>This pipeline's <c>CallLog:IncrementalOverlap</c>.</summary>
        public TimeSpan Overlap => _services.GetRequiredService<CollectorSettings>().CallLog.IncrementalOverlap;

        /// <summary>Call-log rows with StartTime in [from, to] as the PBX lists them now (one read, not part of a run).</summary>
        public async Task<int> CountRowsAsync(DateTimeOffset from, DateTimeOffset to)
        {
            var fetcher = new CallLogRowFetcher(_services.GetRequiredService<CollectorSettings>().CallLog.ReportRowLimit, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var client = _services.GetRequiredService<PbxCallLogs>().For(_pbx).Client;
            return (await fetcher.FetchAsync(_pbx.Name, client, new RowRange(from, to), CancellationToken.None)).Count;
        }

        public static Pipeline Create(Uri pbx, Uri influx, string state, string name, params (string Key, string Value)[] extra)
        {
            var settings = new Dictionary<string, string?>
            {
                ["Pbxs:0:Name"] = "bench",
                ["Pbxs:0:BaseUrl"] = pbx.ToString(),
                ["Pbxs:0:ClientId"] = ChildSimulator.ClientId,
                ["Pbxs:0:ClientSecret"] = ChildSimulator.ClientSecret,
                ["Influx:Url"] = influx.ToString(),
                ["Influx:Database"] = $"bench_{name.Replace(' ', '_')}_{Guid.NewGuid():N}",
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
