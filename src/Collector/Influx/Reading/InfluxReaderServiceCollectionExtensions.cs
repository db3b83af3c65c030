using Collector.Configuration;
using Collector.Influx.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Collector.Influx.Reading;

internal static class InfluxReaderServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IInfluxReader"/> (InfluxQL over the writer's HttpClient, endpoint and credentials) unless one is registered.</summary>
    public static IServiceCollection AddInfluxReader(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IInfluxReader>(provider => new InfluxQueryClient(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxWriterServiceCollectionExtensions.HttpClientName),
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
