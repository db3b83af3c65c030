using Collector.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collector.ThreeCx;

/// <summary>Registers the XAPI client.</summary>
internal static class XapiServiceCollectionExtensions
{
    /// <summary>The named <see cref="HttpClient"/> all XAPI calls use (add handlers to it to observe traffic).</summary>
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
            // Redirects would turn the token POST into a GET and drop the bearer token: report them instead.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(15),
            });
        services.TryAddSingleton<IXapiClientFactory, XapiClientFactory>();
        return services;
    }
}
