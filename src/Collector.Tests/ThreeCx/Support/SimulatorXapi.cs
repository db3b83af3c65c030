using System.Net.Http.Json;
using System.Text.Json;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Collector.ThreeCx.OData;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>The real client, over real HTTP, against an in-process simulator with a frozen clock.</summary>
sealed class SimulatorXapi : IAsyncDisposable
{
    public const string Start = "2026-11-23T12:00:00Z";

    SimulatorXapi(SimulatorHost sim, ServiceProvider services, TrafficHook.Shared traffic, FakeLogCollector logs)
    {
        Sim = sim;
        Services = services;
        Traffic = traffic;
        Logs = logs;
    }

    public SimulatorHost Sim { get; }
    public ServiceProvider Services { get; }
    public TrafficHook.Shared Traffic { get; }
    public FakeLogCollector Logs { get; }
    public PbxConnection Pbx => new("sim", Sim.BaseUrl, Sim.ClientId, Sim.ClientSecret);
    public IXapiClient Client => Services.GetRequiredService<IXapiClientFactory>().Create(Pbx);

    /// <summary>Small delays so fault tests stay fast; the breaker out of the way unless a test wants it.</summary>
    public static XapiOptions FastOptions() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(40),
        RetryAfterMax = TimeSpan.FromMilliseconds(50),
        CircuitBreakerMinimumThroughput = 10_000,
    };

    public static async Task<SimulatorXapi> StartAsync(Action<XapiOptions>? configure = null, params string[] simArgs)
    {
        var sim = await SimulatorHost.StartAsync(["--speed", "0", "--start", Start, "--seed", "11", .. simArgs]);
        var options = FastOptions();
        configure?.Invoke(options);
        var (hook, traffic) = TrafficHook.Create();
        var logs = new FakeLogCollector();
        var services = XapiHarness.Services(options, TimeProvider.System, hook: hook, logs: new FakeLoggerProvider(logs));
        return new SimulatorXapi(sim, services, traffic, logs);
    }

    /// <summary>Every call-log row of the window in one unpaged request, straight from the simulator (the reference).</summary>
    public async Task<List<JsonElement>> RawCallLogAsync(DateTimeOffset from, DateTimeOffset to)
    {
        using var tokenAnswer = await Sim.Http.PostAsync("connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = Sim.ClientId, ["client_secret"] = Sim.ClientSecret, ["grant_type"] = "client_credentials",
        }));
        var token = (await tokenAnswer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, XapiRoutes.CallLogPage(new CallLogQuery(from, to), 1_000_000, 0));
        request.Headers.Authorization = new("Bearer", token);
        using var response = await Sim.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("value").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public async Task<List<CallLogRow>> ReadAllAsync(CallLogQuery query)
    {
        var rows = new List<CallLogRow>();
        await foreach (var entry in Client.GetCallLogAsync(query, CancellationToken.None)) rows.Add(entry.Row ?? throw new InvalidOperationException(entry.Unreadable!.Reason));
        return rows;
    }

    public IEnumerable<string> Warnings => Logs.GetSnapshot().Where(l => l.Level >= LogLevel.Warning).Select(l => l.Text());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Sim.DisposeAsync();
    }
}
