using Collector.Configuration;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Collector.Reconcile;

internal static class ReconcileServiceCollectionExtensions
{
    /// <summary>
    /// Registers the reconciliation with 3CX's reports: <see cref="Reconciler"/> (the job's and the verb's service), our
    /// side read back from InfluxDB (<see cref="IInfluxReader"/> over the writer's HttpClient, <see cref="IOurPassages"/>)
    /// and the run recorder. Needs the options, the XAPI client, the InfluxDB writer and the state store, which
    /// <c>AddCollectorCore</c> registers with it.
    /// </summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddInfluxReader();
        services.TryAddSingleton<IOurPassages, InfluxOurPassages>();
        services.TryAddSingleton<ReconcileRunRecorder>();
        services.TryAddSingleton(provider => new Reconciler(
            provider.GetRequiredService<ThreeCx.IXapiClientFactory>(),
            provider.GetRequiredService<IOurPassages>(),
            provider.GetRequiredService<IInfluxWriter>(),
            provider.GetRequiredService<ReconcileRunRecorder>(),
            provider.GetRequiredService<CollectorSettings>().Sla,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Reconciler>>()));
        return services;
    }
}
