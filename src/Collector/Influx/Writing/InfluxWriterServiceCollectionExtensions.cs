using Collector.Configuration;
using Collector.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collector.Influx.Writing;

internal static class InfluxWriterServiceCollectionExtensions
{
    /// <summary>The name of the HttpClient the writer uses (its timeout is the writer's <c>RequestTimeout</c>).</summary>
    public const string HttpClientName = "influx";

    /// <summary>
    /// Registers <see cref="IInfluxWriter"/> (a singleton <see cref="InfluxWriter"/>) and its
    /// <see cref="InfluxWriterCounters"/>, configured by <c>IOptions&lt;InfluxOptions&gt;</c>.
    /// </summary>
    public static IServiceCollection AddInfluxWriter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })   // a redirect is an answer (WriteStatusPolicy), never followed
            .RemoveAllLoggers();   // the writer logs outcomes itself
        services.TryAddSingleton<IInfluxWriter>(provider => new InfluxWriter(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<InfluxWriter>>(),
            provider.GetService<SecretRegistry>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<IInfluxWriter>().Counters);
        return services;
    }
}
