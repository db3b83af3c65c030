using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Collector.Bench;

/// <summary>A throw-away influxd (InfluxDB 1.x from PATH) on free loopback ports, shared by the backfill benchmark and <see cref="LiveLatency"/>.</summary>
sealed class BenchInfluxd : IAsyncDisposable
{
    readonly Process _process;
    readonly string _directory;

    BenchInfluxd(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
        Http = new HttpClient { BaseAddress = url };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public static async Task<BenchInfluxd> StartAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "influxd")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("influxd is not on PATH; install InfluxDB 1.x (apt-get install influxdb).");
        var directory = Path.Combine(Path.GetTempPath(), $"bench-influxd-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        int httpPort = FreePort(), bindPort = FreePort();
        var config = Path.Combine(directory, "influxdb.conf");
        await File.WriteAllTextAsync(config, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{bindPort}"
            [meta]
              dir = "{directory}/meta"
            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{httpPort}"
              log-enabled = false
            """);
        var process = Process.Start(new ProcessStartInfo(executable, ["run", "-config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("influxd did not start; install InfluxDB 1.x (apt-get install influxdb).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchInfluxd(process, directory, new Uri($"http://127.0.0.1:{httpPort}/"));
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var ping = await server.Http.GetAsync("ping");
                if (ping.StatusCode == HttpStatusCode.NoContent) return server;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("influxd did not answer /ping within 10 s.");
    }

    /// <summary>The first value of the first series, or null when the query found nothing.</summary>
    public async Task<JsonElement?> ScalarAsync(string database, string query)
    {
        var url = $"query?db={database}&epoch=ns&q={Uri.EscapeDataString(query)}";
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(url));
        var result = doc.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].Clone() : null;
    }

    public static string Ns(DateTimeOffset instant) =>
        ((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // cleaned with the temp folder eventually
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
