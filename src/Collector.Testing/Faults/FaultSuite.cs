using System.Diagnostics;
using System.Globalization;
using System.Text;
using Collector.Testing.Faults.Scenarios;

namespace Collector.Testing.Faults;

/// <summary>
/// The fault suite: every scenario as separate processes (the built <c>collector</c>, the built simulator, a real
/// influxd on a free loopback port with a temp data folder), one after the other, each compared call by call with the
/// simulator's ground truth. Run by <c>dotnet run -c Release --project bench/Collector.Bench -- faults [--full]</c> and,
/// in its CI form, by the test suite. See docs/reliability.md.
/// </summary>
public static class FaultSuite
{
    /// <summary>The scenarios of a form, in the order they run.</summary>
    static IReadOnlyList<IFaultScenario> Scenarios(SuiteForm form)
    {
        var full = form == SuiteForm.Full;
        TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);
        var settle = full ? S(30) : S(12);
        return
        [
            new BackfillKillLoop(full ? 10 : 3, full ? TimeSpan.FromHours(24) : TimeSpan.FromHours(6)),
            new LiveKillLoop(full ? 8 : 3, full ? S(5) : S(2), full ? S(20) : S(6), settle),
            new InfluxStopped(full ? S(15) : S(3), full ? S(120) : S(12), settle),
            new InfluxFrozen(full ? S(15) : S(3), full ? S(60) : S(12), settle),
            new PbxFaults(full ? S(180) : S(20), settle),
            new PbxClockSkew(TimeSpan.FromMinutes(5), full ? S(90) : S(12), settle),
            new PbxClockSkew(TimeSpan.FromMinutes(-5), full ? S(90) : S(12), settle),
            new PoisonRowsScenario(5, full ? S(90) : S(12), settle),
            // Errors as well as successes echo the request, and errors are what reach the collector's log.
            new SimulatorFaultScenario("PBX echoing the request",
                """{"echo":true,"rules":[{"route":"*","status":500,"rate":0.3},{"route":"token","status":401,"rate":0.3}]}""",
                full ? S(90) : S(12), settle),
        ];
    }

    public static IReadOnlyList<string> ScenarioNames(SuiteForm form) => [.. Scenarios(form).Select(s => s.Name)];

    /// <summary>
    /// Runs the scenarios (all, or those whose name contains one of <paramref name="only"/>), writing progress and then
    /// the table to <paramref name="output"/>. Needs <c>collector.dll</c> and <c>threecx-simulator.dll</c> beside the
    /// running program and influxd on PATH.
    /// </summary>
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(SuiteForm form, TextWriter output, IReadOnlyCollection<string>? only = null, int seed = 11)
    {
        var collector = Beside("collector.dll");
        var simulator = Beside("threecx-simulator.dll");
        void Progress(string line) { lock (output) output.WriteLine(line); }
        var results = new List<ScenarioResult>();
        await using var influx = await InfluxServer.StartAsync();
        var context = new ScenarioContext(influx, collector, simulator, form, new Random(seed), Progress);
        foreach (var scenario in Scenarios(form))
        {
            if (only is { Count: > 0 } && !only.Any(o => scenario.Name.Contains(o, StringComparison.OrdinalIgnoreCase))) continue;
            Progress($"{DateTime.UtcNow:HH:mm:ss} {scenario.Name} …");
            var clock = Stopwatch.StartNew();
            ScenarioResult result;
            try
            {
                result = await scenario.RunAsync(context);
            }
            catch (Exception ex)
            {
                result = ScenarioResult.Failed(scenario.Name, ex.ToString(), clock.Elapsed);
            }
            if (influx.ProcessId is null) await influx.StartAgainAsync();   // a scenario that failed half-way leaves it running for the next
            Progress($"{DateTime.UtcNow:HH:mm:ss} {scenario.Name}: {Verdict(result)} {result.Details}{(result.HarnessError is null ? "" : "\n" + result.HarnessError)}");
            results.Add(result);
        }
        Progress("");
        Progress(Table(results));
        return results;
    }

    /// <summary>The results as a Markdown table.</summary>
    public static string Table(IEnumerable<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| scenario | result | calls in truth | written | lost | doubled | crashed | collector runs | peak RSS MB | log KB | log lines | longest line | secret in output | s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Name} | {Verdict(r)} | {r.Truth:N0} | {r.Written:N0} | {r.Lost} | {r.Doubled} | {r.Crashed} | {r.Runs} | {r.PeakRssBytes / 1048576.0:F0} | {r.LogBytes / 1024.0:F0} | {r.LogLines:N0} | {r.LongestLogLine:N0} | {r.SecretHits} | {r.Elapsed.TotalSeconds:F0} |"));
        }
        return text.ToString();
    }

    static string Verdict(ScenarioResult r) =>
        r.HarnessError is not null ? "SUITE ERROR"
        : r.Truth > 0 && r.Lost == 0 && r.Doubled == 0 && r.Crashed == 0 && r.SecretHits == 0 ? "ok"
        : "FAIL";

    static string Beside(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} is not beside the running program ({AppContext.BaseDirectory}); build the solution first.", path);
    }
}
