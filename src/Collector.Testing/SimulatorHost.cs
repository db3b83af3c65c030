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

    SimulatorHost(WebApplication app, Uri baseUrl, string clientId, string clientSecret)
    {
        _app = app;
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
        var app = global::Simulator.SimulatorApp.Build(args.ToArray());
        await app.StartAsync();
        var url = app.Urls.First();
        var baseUrl = new Uri(url.EndsWith('/') ? url : url + "/");
        return new SimulatorHost(app, baseUrl, ArgValue(extraArgs, "--client-id") ?? "collector", ArgValue(extraArgs, "--client-secret") ?? "sim-secret");
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
}
