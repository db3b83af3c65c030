using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>Builds the real client through <c>AddXapiClient</c>, with a handler (stub or hook) and a clock of the test's choosing.</summary>
static class XapiHarness
{
    public static readonly PbxConnection Pbx = new("test", new Uri("https://pbx.example.com:5001/"), "collector", "s3cr3t-value");

    /// <summary>Fast, deterministic options: no jitter, small delays.</summary>
    public static XapiOptions FastOptions() => new()
    {
        RequestTimeout = TimeSpan.FromMinutes(17),
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(30),
        RetryJitter = 0,
        CircuitBreakerMinimumThroughput = 100,
    };

    public static ServiceProvider Services(XapiOptions options, TimeProvider time, HttpMessageHandler? primary = null,
        Func<DelegatingHandler>? hook = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(time);
        if (logs is not null) services.AddLogging(b => b.AddProvider(logs));
        services.AddXapiClient();
        services.Configure<XapiOptions>(o => Copy(options, o));
        var http = services.AddHttpClient(XapiServiceCollectionExtensions.HttpClientName);
        if (primary is not null) http.ConfigurePrimaryHttpMessageHandler(() => primary).SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        if (hook is not null) http.AddHttpMessageHandler(hook);
        return services.BuildServiceProvider();
    }

    public static IXapiClient Client(ServiceProvider services, PbxConnection? pbx = null) =>
        services.GetRequiredService<IXapiClientFactory>().Create(pbx ?? Pbx);

    static void Copy(XapiOptions from, XapiOptions to)
    {
        foreach (var p in typeof(XapiOptions).GetProperties()) p.SetValue(to, p.GetValue(from));
    }
}
