using Collector.Configuration;
using Collector.Diagnostics.Influx;
using Collector.Diagnostics.Pbx;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Collector.Diagnostics;

/// <summary>Runs the whole of <c>collector check</c>: each chosen PBX, then InfluxDB.</summary>
public static class CollectorCheck
{
    /// <summary>How long one plain network probe (DNS, TLS, clock, InfluxDB) may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task<CheckReport> RunAsync(
        IConfiguration configuration,
        CollectorSettings settings,
        IReadOnlyList<PbxOptions> pbxs,
        TimeProvider time,
        Action<IServiceCollection>? configureServices,
        CancellationToken ct)
    {
        await using var services = BuildServices(configuration, configureServices);
        var factory = services.GetRequiredService<IXapiClientFactory>();
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ProbeTimeout, AllowAutoRedirect = false }) { Timeout = ProbeTimeout };

        // PBXs are independent, so an MSP with dozens of them waits for the slowest, not for the sum.
        var reports = new CheckTargetReport[pbxs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pbxs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
            async (i, token) => reports[i] = await CheckPbxAsync(pbxs[i], factory, http, time, token));

        var targets = reports.ToList();
        targets.Add(await InfluxCheck.RunAsync(new InfluxCheckContext(settings.Influx, http, time), ProbeTimeout, ct));
        return new CheckReport(targets);
    }

    static async Task<CheckTargetReport> CheckPbxAsync(
        PbxOptions pbx, IXapiClientFactory factory, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        if (!pbx.Enabled && (pbx.BaseUrl is null || pbx.ClientSecret is null || pbx.ClientId.Length == 0))
            return PbxCheck.Report(pbx, [CheckResult.Skip("configuration", $"skipped: disabled (Pbxs:{pbx.Index}:Enabled is false) and not fully configured")]);
        var client = factory.Create(new PbxConnection(pbx.Name, pbx.BaseUrl!, pbx.ClientId, pbx.ClientSecret!));
        return await PbxCheck.RunAsync(new PbxCheckContext(pbx, client, http, time), ct);
    }

    /// <summary>
    /// The XAPI client as the worker uses it (options from the <c>Xapi</c> section), but silent (the table says it
    /// all), asking call-log pages of one row, and with <see cref="XapiTraffic"/> watching every attempt.
    /// </summary>
    static ServiceProvider BuildServices(IConfiguration configuration, Action<IServiceCollection>? configureServices)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.ClearProviders());
        services.AddXapiClient(configuration.GetSection(XapiOptions.SectionName));
        services.PostConfigure<XapiOptions>(options =>
        {
            options.PageSize = 1;
            options.PageOverlap = 0;
        });
        services.AddTransient<XapiTraffic>();
        services.AddHttpClient(XapiServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler<XapiTraffic>();
        configureServices?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
