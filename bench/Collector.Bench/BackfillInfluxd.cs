using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Collector.Bench;

/// <summary>A throw-away influxd (InfluxDB 1.x on PATH) on free loopback ports, for the backfill benchmark.</summary>
sealed class BackfillInfluxd : IAsyncDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("bench-influxd-").FullName;
    Process? _process;

    public Uri Url { get; private set; } = null!;

    public static async Task<BackfillInfluxd> StartAsync()
    {
        var influxd = new BackfillInfluxd();
        await influxd.LaunchAsync();
        return influxd;
    }

    async Task LaunchAsync()
    {
        var executable = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "influxd")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("influxd is not on PATH; install InfluxDB 1.x (apt-get install influxdb).");
        var (http, bind) = (FreePort(), FreePort());
        Url = new Uri($"http://127.0.0.1:{http}/");
        var config = Path.Combine(_folder, "influxdb.conf");
        await File.WriteAllTextAsync(config, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{bind}"
            [meta]
              dir = "{_folder}/meta"
            [data]
              dir = "{_folder}/data"
              wal-dir = "{_folder}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{http}"
              log-enabled = false
              unix-socket-enabled = false
            """);
        _process = Process.Start(new ProcessStartInfo(executable, ["run", "-config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = Url };
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((int)(await client.GetAsync("ping")).StatusCode == 204) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("influxd did not start.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // influxd may still hold a file for a moment
        }
    }
}
