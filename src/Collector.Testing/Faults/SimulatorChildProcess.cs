using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Collector.Testing.Truth;

namespace Collector.Testing.Faults;

/// <summary>
/// The built 3CX simulator (<c>dotnet threecx-simulator.dll</c>) as a child process on a free loopback port, with its
/// control routes: faults, clock and ground truth. The fault suite and the whole-process benchmarks use it.
/// </summary>
public sealed class SimulatorChildProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    readonly Process _process;
    readonly StringBuilder _log = new();

    SimulatorChildProcess(Process process, Uri baseUrl, string clientSecret)
    {
        _process = process;
        BaseUrl = baseUrl;
        ClientSecret = clientSecret;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
        process.OutputDataReceived += (_, e) => Note(e.Data);
        process.ErrorDataReceived += (_, e) => Note(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public const string ClientId = "collector";

    /// <summary>How every token the simulator issues begins (its JWT header, <c>{"alg":"HS256","typ":"JWT"}</c>): a token in the output shows as this.</summary>
    public const string TokenPrefix = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    /// <summary>What must never appear in the collector's output: the client secret and any token.</summary>
    public IReadOnlyList<string> Secrets => [ClientSecret, TokenPrefix];

    /// <summary>Each suite run's own secret, so its occurrences in the collector's output can be counted.</summary>
    public string ClientSecret { get; }

    /// <summary>
    /// The environment of a collector process that reads this PBX (as <c>sim</c>) and writes to <paramref name="database"/>
    /// on <paramref name="influx"/>, with its state in the SQLite file <paramref name="stateFile"/>: production settings otherwise.
    /// </summary>
    public Dictionary<string, string> CollectorEnvironment(InfluxServer influx, string database, string stateFile) => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Pbxs__0__Name"] = "sim",
        ["Pbxs__0__BaseUrl"] = BaseUrl.ToString(),
        ["Pbxs__0__ClientId"] = ClientId,
        ["Pbxs__0__ClientSecret"] = ClientSecret,
        ["Influx__Url"] = influx.Url.ToString(),
        ["Influx__Database"] = database,
        ["State__ConnectionString"] = $"Data Source={stateFile}",
    };

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static async Task<SimulatorChildProcess> StartAsync(string simulatorDll, IEnumerable<string> args)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var secret = $"fault-suite-{Guid.NewGuid():N}";
        var start = new ProcessStartInfo("dotnet", [simulatorDll, "--urls", baseUrl.ToString().TrimEnd('/'), "--client-id", ClientId, "--client-secret", secret,
            "--Logging:LogLevel:Default=Warning", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIM_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        start.Environment.Remove("ASPNETCORE_URLS");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the simulator.");
        var sim = new SimulatorChildProcess(process, baseUrl, secret);
        await sim.WaitUntilAnsweringAsync();
        return sim;
    }

    /// <summary>POST /sim/faults; null when taken, else the simulator's refusal (an unknown member on an older simulator).</summary>
    public async Task<string?> TrySetFaultsAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("sim/faults", content);
        return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    public async Task SetFaultsAsync(string json)
    {
        if (await TrySetFaultsAsync(json) is { } refusal)
            throw new InvalidOperationException($"The simulator refused faults {json}: {refusal}");
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Http.DeleteAsync("sim/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task<DateTimeOffset> NowAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("sim/clock"));
        return doc.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>Every call that started in [from, to) and has ended by the simulator's now.</summary>
    public async Task<IReadOnlyList<TruthCall>> FinishedCallsAsync(DateTimeOffset from, DateTimeOffset to)
    {
        var url = $"sim/truth/calls?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";
        return [.. SimulatorTruth.Parse(await Http.GetStringAsync(url)).Where(c => c.Finished)];
    }

    public static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    async Task WaitUntilAnsweringAsync()
    {
        // Another process: its only signal of readiness is an answer, so poll /sim/clock, bounded.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout && !_process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync("sim/clock");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        string log;
        lock (_log) log = _log.ToString();
        await DisposeAsync();
        throw new InvalidOperationException($"The simulator did not answer at {BaseUrl} within {StartTimeout.TotalSeconds:F0} s:\n{log}");
    }

    void Note(string? line)
    {
        if (line is null) return;
        lock (_log) if (_log.Length < 64 * 1024) _log.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
