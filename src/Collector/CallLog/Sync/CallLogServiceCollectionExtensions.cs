using Collector.CallLog.Backfill;
using Collector.CallLog.Callbacks;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.Configuration;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Collector.CallLog.Sync;

internal static class CallLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the call-log pipeline: <see cref="CallLogSync"/> (the sync job's service), <see cref="CallLogBackfill"/>
    /// (the backfill verb's) and their parts. They need the options (<c>AddCollectorOptions</c>), the XAPI client, the
    /// InfluxDB writer and the state store, which <c>AddCollectorCore</c> registers with them.
    /// </summary>
    public static IServiceCollection AddCallLogPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => provider.GetRequiredService<CollectorSettings>().CallLog);
        services.TryAddSingleton<PbxCallLogs>();
        services.TryAddSingleton<InProgressCallsReader>();
        services.AddInfluxReader();
        services.TryAddSingleton(provider => new QueueRollups(
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value.ApiVersion == InfluxApiVersion.V1 ? provider.GetRequiredService<IInfluxReader>() : null,
            provider.GetRequiredService<IInfluxWriter>(), provider.GetRequiredService<CollectorSettings>().Reporting.Zone,
            provider.GetRequiredService<ILogger<QueueRollups>>()));
        services.TryAddSingleton(provider => new CallLogWindowWriter(
            provider.GetRequiredService<IInfluxWriter>(),
            KpiSettings.From(provider.GetRequiredService<CollectorSettings>().Sla),
            // Stored points are compared and stale ones replaced where InfluxQL can read and delete them (InfluxDB 1.x).
            provider.GetRequiredService<IOptions<InfluxOptions>>().Value.ApiVersion == InfluxApiVersion.V1
                ? new StoredCallPoints(provider.GetRequiredService<IInfluxReader>())
                : null,
            provider.GetRequiredService<ILogger<CallLogWindowWriter>>(),
            provider.GetRequiredService<CollectorSettings>().CallLog.CallbackList
                ? new CallbackList(provider.GetRequiredService<IOptions<InfluxOptions>>().Value.ApiVersion == InfluxApiVersion.V1
                    ? new StoredCallbacks(provider.GetRequiredService<IInfluxReader>())
                    : null)
                : null,
            provider.GetRequiredService<QueueRollups>()));
        services.TryAddSingleton(provider => new SyncRunRecorder(
            provider.GetRequiredService<IOutbox>(), provider.GetRequiredService<ILogger<SyncRunRecorder>>(),
            provider.GetService<Collector.Security.SecretRegistry>(),
            provider.GetRequiredService<CollectorSettings>().Reporting.TimeZone));
        services.TryAddSingleton(provider => new RowQuarantine(
            provider.GetRequiredService<IQuarantineStore>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RowQuarantine>>()));
        services.TryAddSingleton<CallLogSync>();
        services.TryAddSingleton<CallLogBackfill>();
        return services;
    }
}
