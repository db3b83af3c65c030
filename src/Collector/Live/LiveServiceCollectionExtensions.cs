using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.State;
using Collector.ThreeCx;
using Collector.Live.Collection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Collector.Live;

internal static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Registers the live snapshot services: <see cref="LivePointSink"/> and <see cref="LiveSnapshotCollectors"/>. They
    /// need the options (<c>AddCollectorOptions</c>), the XAPI client, the InfluxDB writer and the state store, which
    /// <c>AddCollectorCore</c> registers with them.
    /// </summary>
    public static IServiceCollection AddLiveSnapshots(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new LivePointSink(
            provider.GetRequiredService<IInfluxWriter>(),
            provider.GetRequiredService<IOutbox>(),
            provider.GetRequiredService<CollectorSettings>().Live,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LivePointSink>>()));
        services.TryAddSingleton(provider => new LiveSnapshotCollectors(
            provider.GetRequiredService<CollectorSettings>(),
            provider.GetRequiredService<IXapiClientFactory>(),
            provider.GetRequiredService<LivePointSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
