using Collector.CallLog.Backfill;
using Collector.CallLog.Normalisation;
using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

public static class CallLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers the call-log pipeline: <see cref="CallLogSync"/> (the sync job's service), <see cref="CallLogBackfill"/>
    /// (the backfill verb's), their parts, the InfluxDB writer and the state store. Needs the <see cref="CollectorSettings"/>
    /// singleton and an <c>IXapiClientFactory</c> (<c>AddXapiClient</c>).
    /// </summary>
    public static IServiceCollection AddCallLogPipeline(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddInfluxWriter();
        services.AddStateStore();
        services.TryAddSingleton(provider => provider.GetRequiredService<CollectorSettings>().CallLog);
        services.TryAddSingleton<PbxCallLogs>();
        services.TryAddSingleton<InProgressCallsReader>();
        services.TryAddSingleton(provider => new CallLogWindowWriter(
            provider.GetRequiredService<IInfluxWriter>(),
            KpiSettings.From(provider.GetRequiredService<CollectorSettings>().Sla)));
        services.TryAddSingleton(provider => new SyncRunRecorder(
            provider.GetRequiredService<IOutbox>(), provider.GetRequiredService<ILogger<SyncRunRecorder>>()));
        services.TryAddSingleton<CallLogSync>();
        services.TryAddSingleton<CallLogBackfill>();
        return services;
    }
}
