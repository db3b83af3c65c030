using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Collector.Testing;

/// <summary>
/// A real <c>influxd</c> (Debian's influxdb 1.x package) on free loopback ports with its own temporary data
/// directory. Stop and start it again (same data) to simulate an outage; dispose kills it and deletes the data.
/// The tests share one per test run (their <c>InfluxCollection</c>); the benchmarks start their own.
/// </summary>
public sealed class InfluxServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    readonly TempDirectory _directory = new("influxd");
    readonly StringBuilder _log = new();
    readonly string _configPath;
    Process? _process;

    InfluxServer(int httpPort, int bindPort)
    {
        Url = new Uri($"http://127.0.0.1:{httpPort}/");
        Http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        _configPath = _directory.File("influxdb.conf");
        File.WriteAllText(_configPath, Config(_directory.Path, httpPort, bindPort));
    }

    /// <summary>InfluxDB's HTTP address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>A plain client on <see cref="Url"/>.</summary>
    public HttpClient Http { get; }

    public static async Task<InfluxServer> StartAsync()
    {
        var executable = FindOnPath("influxd") ?? throw new InvalidOperationException(
            "influxd is not on PATH. The tests need a real InfluxDB 1.x: install it with `apt-get install influxdb` (Debian/Ubuntu).");
        var server = new InfluxServer(FreePort.Next(), FreePort.Next());
        await server.LaunchAsync(executable);
        return server;
    }

    /// <summary>Runs InfluxQL (POST, so CREATE/DROP work too) and returns the whole JSON answer.</summary>
    public async Task<JsonElement> QueryAsync(string database, string influxQl)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["db"] = database, ["q"] = influxQl, ["epoch"] = "ns" });
        using var response = await Http.PostAsync("query", content);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to `{influxQl}`: {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>The first value of the first series of a query, or null when it found nothing (or the database does not exist).</summary>
    public async Task<JsonElement?> ScalarAsync(string database, string influxQl)
    {
        var result = (await QueryAsync(database, influxQl)).GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].Clone() : null;
    }

    /// <summary>
    /// Waits until a count query (its first value) reaches <paramref name="atLeast"/> and returns it; throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>. influxd is another process that tells no one
    /// when a point becomes queryable, so this polls it (every 100 ms, bounded): use it only where the code under test
    /// gives no signal of its own.
    /// </summary>
    public async Task<long> WaitForCountAsync(string database, string influxQl, long atLeast, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        long count;
        while ((count = (await ScalarAsync(database, influxQl))?.GetInt64() ?? 0) < atLeast)
        {
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"`{influxQl}` counted {count} within {timeout}, not {atLeast}.");
            await Task.Delay(100);
        }
        return count;
    }

    /// <summary>An instant as InfluxQL's nanoseconds since the epoch, e.g. for <c>WHERE time = …</c>.</summary>
    public static string Nanoseconds(DateTimeOffset instant) =>
        ((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    /// <summary>The running influxd's process id (null while stopped), e.g. to freeze it with SIGSTOP and thaw it with SIGCONT.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Stops influxd gracefully (SIGTERM), keeping its data for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await term.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        _process = null;
    }

    /// <summary>Starts influxd again on the same ports and data directory.</summary>
    public Task StartAgainAsync() => _process is null ? LaunchAsync(FindOnPath("influxd")!) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        Http.Dispose();
        _directory.Dispose();
    }

    async Task LaunchAsync(string executable)
    {
        var start = new ProcessStartInfo(executable, ["run", "-config", _configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("influxd did not start.");
        process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // influxd is another process: the only signal that it is ready is its answer to /ping, so poll it, bounded, and
        // give up early when the process has exited.
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout)
        {
            if (process.HasExited) break;
            try
            {
                using var ping = await Http.GetAsync("ping");
                if ((int)ping.StatusCode == 204) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        string log;
        lock (_log) log = _log.ToString();
        throw new InvalidOperationException($"influxd did not answer /ping at {Url} within {StartTimeout.TotalSeconds} s. Its output:\n{log}");
    }

    static string Config(string dir, int httpPort, int bindPort) => $"""
        reporting-enabled = false
        bind-address = "127.0.0.1:{bindPort}"
        [meta]
          dir = "{dir}/meta"
        [data]
          dir = "{dir}/data"
          wal-dir = "{dir}/wal"
          query-log-enabled = false
        [monitor]
          store-enabled = false
        [http]
          enabled = true
          bind-address = "127.0.0.1:{httpPort}"
          log-enabled = false
          unix-socket-enabled = false
        """;

    static string? FindOnPath(string name) => (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
