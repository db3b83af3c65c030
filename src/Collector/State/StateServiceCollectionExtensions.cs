using Collector.Configuration;
using Collector.Influx.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collector.State;

internal static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Registers the state store (<see cref="IStateStore"/> and its parts), the <see cref="OutboxFlusher"/> and the worker's
    /// <see cref="StateWatchService"/>,
    /// from <c>IOptions&lt;StateOptions&gt;</c>. The flusher needs the writer (<see cref="InfluxWriterServiceCollectionExtensions.AddInfluxWriter"/>).
    /// </summary>
    public static IServiceCollection AddStateStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new StateStore(
            provider.GetRequiredService<IOptions<StateOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<StateStore>());
        services.TryAddSingleton(provider => provider.GetRequiredService<IStateStore>().Watermarks);
        services.TryAddSingleton(provider => provider.GetRequiredService<IStateStore>().Checkpoints);
        services.TryAddSingleton(provider => provider.GetRequiredService<IStateStore>().Outbox);
        services.TryAddSingleton(provider => new OutboxFlusher(
            provider.GetRequiredService<IOutbox>(),
            provider.GetRequiredService<IInfluxWriter>(),
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<OutboxFlusher>>()));
        services.TryAddSingleton<OutboxFlushService>();
        services.TryAddSingleton<StateWatchService>();
        return services;
    }
}
