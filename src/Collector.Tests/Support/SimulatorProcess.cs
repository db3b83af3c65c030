using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Collector.Tests.Support;

/// <summary>
/// The built simulator program (<c>threecx-simulator.dll</c>, copied next to the tests by the project reference),
/// run as a child process as a user would run it.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    readonly Process _process;

    SimulatorProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl };
    }

    /// <summary>Where the running simulator said it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    /// <summary>Runs the simulator to its end (it must end by itself) and returns its exit code, stdout and stderr.</summary>
    public static async Task<CliOutcome> RunToExitAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args, new Dictionary<string, string>()))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Generous);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"threecx-simulator {string.Join(' ', args)} did not exit within {Generous.TotalSeconds} s");
        }
        return new CliOutcome(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the simulator and waits until it logs where it listens; disposing stops it.</summary>
    public static async Task<SimulatorProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = Process.Start(StartInfo(args, environment))!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Generous);
        var seen = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.Add(line);
                if (ListeningOn().Match(line) is { Success: true } match)
                {
                    _ = process.StandardOutput.ReadToEndAsync();   // keep draining, so its log never blocks it
                    var url = match.Groups["url"].Value;
                    return new SimulatorProcess(process, new Uri(url.EndsWith('/') ? url : url + "/"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        throw new InvalidOperationException($"threecx-simulator did not say where it listens:\n{string.Join('\n', seen)}\n{await stderr}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    static ProcessStartInfo StartInfo(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "threecx-simulator.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Not the test folder, whose appsettings.json (the collector's) the simulator's host would read.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIM_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        return start;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
