using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Collector.Testing;

/// <summary>
/// Runs the 3CX simulator in-process on a free loopback port for one test, one fixture or one benchmark run, with
/// the control routes wrapped in small helpers.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    // The simulator rejects explicit nulls in a faults body; anonymous objects with optional members send them.
    static readonly System.Text.Json.JsonSerializerOptions OmitNulls = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    readonly WebApplication _app;
    readonly RequestLog _requests;

    SimulatorHost(WebApplication app, RequestLog requests, Uri baseUrl, string clientId, string clientSecret)
    {
        _app = app;
        _requests = requests;
        BaseUrl = baseUrl;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Http = new HttpClient { BaseAddress = baseUrl };
    }

    /// <summary>Starts a simulator; <c>--urls http://127.0.0.1:0</c> is added, so any free port is used.</summary>
    public static async Task<SimulatorHost> StartAsync(params string[] extraArgs)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0" };
        args.AddRange(extraArgs);
        return await StartAsync(global::Simulator.SimulatorApp.Build(args.ToArray()), extraArgs);
    }

    /// <summary>
    /// Starts <paramref name="tenants"/> simulated PBXs in this process, as <c>--tenants N</c> does (tenant i plays
    /// seed + i), each on its own free port and with its own control routes. Dispose each.
    /// </summary>
    public static async Task<IReadOnlyList<SimulatorHost>> StartTenantsAsync(int tenants, params string[] extraArgs)
    {
        var args = new List<string> { "--urls", "http://127.0.0.1:0", "--tenants", tenants.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        args.AddRange(extraArgs);
        var apps = global::Simulator.SimulatorApp.BuildTenants(global::Simulator.Hosting.SimulatorCommandLine.Parse(args));
        var hosts = new List<SimulatorHost>();
        foreach (var app in apps) hosts.Add(await StartAsync(app, extraArgs));
        return hosts;
    }

    static async Task<SimulatorHost> StartAsync(WebApplication app, string[] extraArgs)
    {
        var requests = new RequestLog();
        // Runs before the simulator's endpoints (WebApplication adds them at the end of the pipeline).
        app.Use((context, next) =>
        {
            requests.Note(context.Request.Path.Value ?? "");
            return next(context);
        });
        await app.StartAsync();
        var url = app.Urls.First();
        var baseUrl = new Uri(url.EndsWith('/') ? url : url + "/");
        return new SimulatorHost(app, requests, baseUrl, ArgValue(extraArgs, "--client-id") ?? "collector", ArgValue(extraArgs, "--client-secret") ?? "sim-secret");
    }

    /// <summary>e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public string ClientId { get; }
    public string ClientSecret { get; }

    /// <summary>A plain client on <see cref="BaseUrl"/> for the /sim routes.</summary>
    public HttpClient Http { get; }

    /// <summary>POST /sim/faults with the body serialised as JSON (settings merge; rules are appended).</summary>
    public async Task SetFaultsAsync(object faultsBody)
    {
        using var response = await Http.PostAsJsonAsync("sim/faults", faultsBody, OmitNulls);
        await EnsureSuccessAsync(response);
    }

    /// <summary>DELETE /sim/faults: every fault off, defaults restored.</summary>
    public async Task ClearFaultsAsync()
    {
        using var response = await Http.DeleteAsync("sim/faults");
        await EnsureSuccessAsync(response);
    }

    /// <summary>POST /sim/clock {"advanceSeconds": …}; returns the simulated now after the move.</summary>
    public async Task<DateTimeOffset> AdvanceClockAsync(TimeSpan by)
    {
        using var response = await Http.PostAsJsonAsync("sim/clock", new { advanceSeconds = by.TotalSeconds });
        await EnsureSuccessAsync(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>GET /sim/clock: the simulated now.</summary>
    public async Task<DateTimeOffset> NowAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("sim/clock"));
        return doc.RootElement.GetProperty("now").GetDateTimeOffset();
    }

    /// <summary>How many requests the simulator has received on paths starting with <paramref name="pathPrefix"/> (e.g. <c>/xapi/v1/ActiveCalls</c>).</summary>
    public int RequestsTo(string pathPrefix) => _requests.Count(pathPrefix);

    /// <summary>The paths of the requests received so far on paths starting with <paramref name="pathPrefix"/>, in order (a call-log read's period is in its path).</summary>
    public IReadOnlyList<string> PathsTo(string pathPrefix) => _requests.Paths(pathPrefix);

    /// <summary>
    /// Completes once the simulator has received <paramref name="count"/> requests on paths starting with
    /// <paramref name="pathPrefix"/>: a signal of what a collector running against it has done (e.g. the live snapshot
    /// reads ActiveCalls once per run, so N requests mean N − 1 runs have finished). Throws <see cref="TimeoutException"/>
    /// after <paramref name="timeout"/>.
    /// </summary>
    public Task WaitForRequestsAsync(string pathPrefix, int count, TimeSpan timeout) => _requests.WaitAsync(pathPrefix, count, timeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    static string? ArgValue(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Counts requests per path and completes waiters as counts are reached.</summary>
    sealed class RequestLog
    {
        readonly List<string> _paths = [];
        readonly List<(string Prefix, int Count, TaskCompletionSource Reached)> _waiters = [];

        public void Note(string path)
        {
            lock (_paths)
            {
                _paths.Add(path);
                foreach (var waiter in _waiters.Where(w => CountLocked(w.Prefix) >= w.Count).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public List<string> Paths(string prefix)
        {
            lock (_paths) return [.. _paths.Where(p => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))];
        }

        public int Count(string prefix)
        {
            lock (_paths) return CountLocked(prefix);
        }

        public async Task WaitAsync(string prefix, int count, TimeSpan timeout)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_paths)
            {
                if (CountLocked(prefix) >= count) return;
                _waiters.Add((prefix, count, reached));
            }
            try
            {
                await reached.Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The simulator received {Count(prefix)} of {count} requests to {prefix} within {timeout}.");
            }
        }

        int CountLocked(string prefix) => _paths.Count(p => p.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
