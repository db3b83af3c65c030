using Collector.Configuration;
using Collector.Diagnostics.Influx;
using Collector.Diagnostics.Pbx;
using Collector.Hosting;
using Collector.Influx.Writing;
using Collector.ThreeCx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Collector.Diagnostics;

/// <summary>Runs the whole of <c>collector check</c>: each chosen PBX, then InfluxDB.</summary>
internal static class CollectorCheck
{
    /// <summary>How long one plain network probe (DNS, TLS, clock, InfluxDB) may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public static async Task<CheckReport> RunAsync(
        IConfiguration configuration,
        IReadOnlyList<PbxOptions> pbxs,
        HostHooks hooks,
        CancellationToken cancellationToken)
    {
        await using var services = BuildServices(configuration, hooks);
        var factory = services.GetRequiredService<IXapiClientFactory>();
        var time = hooks.Time;
        var zone = services.GetRequiredService<IOptions<ReportingOptions>>().Value.Zone;
        using var http = ProbeClient(null);

        // PBXs are independent, so an MSP with dozens of them waits for the slowest, not for the sum.
        var reports = new CheckTargetReport[pbxs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pbxs.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, token) => reports[i] = await CheckPbxAsync(pbxs[i], factory, http, time, zone, token));

        var targets = reports.ToList();
        var influx = new InfluxCheckContext(
            services.GetRequiredService<IOptions<InfluxOptions>>().Value,
            services.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxWriterServiceCollectionExtensions.HttpClientName),
            services.GetRequiredService<IInfluxWriter>(),
            time,
            services.GetRequiredService<Security.SecretRegistry>());
        targets.Add(await InfluxCheck.RunAsync(influx, cancellationToken));
        return Masked(new CheckReport(targets), services.GetRequiredService<Security.SecretRegistry>());
    }

    /// <summary>
    /// The last line before the report is shown or printed as JSON: every known secret (the configured ones and each
    /// token the check obtained) masked in every verdict and fix. The PBX's and InfluxDB's texts already are, where they
    /// entered; this also covers values a step quotes from a successful answer.
    /// </summary>
    static CheckReport Masked(CheckReport report, Security.SecretRegistry secrets) => new(report.Targets
        .Select(target => target with
        {
            Steps = target.Steps.Select(step => step with
            {
                Verdict = secrets.Mask(step.Verdict),
                Fix = step.Fix is null ? null : secrets.Mask(step.Fix),
            }).ToList(),
        })
        .ToList());

    static async Task<CheckTargetReport> CheckPbxAsync(
        PbxOptions pbx, IXapiClientFactory factory, HttpClient http, TimeProvider time, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        if (!pbx.Enabled && (pbx.BaseUrl is null || pbx.ClientSecret is null || pbx.ClientId.Length == 0))
            return PbxCheck.Report(pbx, [CheckResult.Skip("configuration", $"skipped: disabled ({pbx.Key}:Enabled is false) and not fully configured")]);
        var connection = PbxConnection.For(pbx);
        var client = factory.Create(connection);
        // A PBX with its own CA or pinned certificate is probed with a client that trusts it, as the XAPI client does.
        using var own = connection.Trust is null ? null : ProbeClient(connection.Trust);
        return await PbxCheck.RunAsync(new PbxCheckContext(pbx, client, own ?? http, time) { ReportingZone = zone }, cancellationToken);
    }

    /// <summary>A plain client for the probes: no redirects, the probe timeout, TLS judged by <paramref name="trust"/> or this machine's store.</summary>
    static HttpClient ProbeClient(Security.PbxTrust? trust)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = ProbeTimeout, AllowAutoRedirect = false };
        if (trust is not null) handler.SslOptions = trust.ClientOptions();
        return new HttpClient(handler) { Timeout = ProbeTimeout };
    }

    /// <summary>
    /// The worker's own services (<see cref="CollectorServices.AddCollectorCore"/>), silent (the table says it all),
    /// asking call-log pages of one row, with <see cref="XapiTraffic"/> watching every XAPI attempt, and with InfluxDB
    /// writes that answer at once (no retries, the probe timeout) so a verdict never waits for a back-off.
    /// </summary>
    static ServiceProvider BuildServices(IConfiguration configuration, HostHooks hooks)
    {
        var services = new ServiceCollection().AddCollectorCore(configuration, hooks, CollectorLogging.Silent);
        services.PostConfigure<XapiOptions>(options =>
        {
            options.PageSize = 1;
            options.PageOverlap = 0;
        });
        services.PostConfigure<InfluxOptions>(options =>
        {
            options.MaxRetries = 0;
            options.RequestTimeout = ProbeTimeout;
        });
        services.AddTransient<XapiTraffic>();
        services.AddHttpClient(XapiServiceCollectionExtensions.HttpClientName).AddHttpMessageHandler<XapiTraffic>();
        return services.BuildServiceProvider();
    }
}
