using Collector.Security;
using Collector.ThreeCx.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Collector.ThreeCx;

/// <summary>Registers the XAPI client.</summary>
internal static class XapiServiceCollectionExtensions
{
    /// <summary>
    /// The named <see cref="HttpClient"/> the XAPI calls use (add handlers to it to observe traffic). A PBX with its own
    /// <c>CaCertificateFile</c> uses a client of its own configured the same way, handlers included (<see cref="XapiHttpClients"/>).
    /// </summary>
    public const string HttpClientName = "Collector.ThreeCx.Xapi";

    /// <summary>
    /// Registers <see cref="IXapiClientFactory"/> and the HTTP client. Its <see cref="XapiOptions"/> are the <c>Xapi</c>
    /// section when <c>AddCollectorOptions</c> registered it, else the defaults. A <see cref="TimeProvider"/> already
    /// registered is used; otherwise the system clock. A <see cref="SecretRegistry"/> already registered (the composition
    /// root's, with every configured secret) is used; otherwise an empty one, which still learns each PBX's client secret
    /// and every token the client obtains.
    /// </summary>
    public static IServiceCollection AddXapiClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<XapiOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretRegistry>();
        services.AddLogging();
        services.AddHttpClient(HttpClientName, http =>
            {
                // The per-attempt timeout is Polly's (XapiOptions.RequestTimeout); HttpClient's own must not interfere.
                http.Timeout = Timeout.InfiniteTimeSpan;
                http.DefaultRequestHeaders.UserAgent.ParseAdd("threecx-collector/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(() => PrimaryHandler(null))
            // No HttpClient logging handlers on the hot path: every request's outcome is logged by the transport and the
            // policies (XapiOutcomePolicy, the retry), and the factory's own lines were filtered out (Warning) anyway.
            .RemoveAllLoggers();
        if (!services.Any(d => d.ServiceType == typeof(XapiHttpClients)))
        {
            services.AddSingleton<XapiHttpClients>();
            services.AddSingleton<IConfigureOptions<HttpClientFactoryOptions>>(provider => provider.GetRequiredService<XapiHttpClients>());
        }
        services.TryAddSingleton<IXapiClientFactory, XapiClientFactory>();
        return services;
    }

    /// <summary>
    /// The connection handler to a PBX: no redirects (they would turn the token POST into a GET and drop the bearer
    /// token: they are reported instead), and TLS verified against this machine's trust store or, with
    /// <paramref name="trust"/>, against the PBX's own CA or pinned certificate only.
    /// </summary>
    internal static SocketsHttpHandler PrimaryHandler(PbxTrust? trust)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };
        if (trust is not null) handler.SslOptions = trust.ClientOptions();
        return handler;
    }
}
