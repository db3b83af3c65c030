using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.Jobs;
using Collector.Live.Collection;
using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Collector.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Registers the live snapshot services: <see cref="LivePointSink"/> and <see cref="LiveSnapshotCollectors"/>, and
    /// the InfluxDB writer and the state store they use (both registered once whoever asks first). They need the
    /// <see cref="CollectorSettings"/> singleton and the XAPI client (<c>AddXapiClient</c>).
    /// </summary>
    public static IServiceCollection AddLiveSnapshots(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddInfluxWriter();
        services.AddStateStore();
        services.TryAddSingleton(provider => new LivePointSink(
            provider.GetRequiredService<IInfluxWriter>(),
            provider.GetRequiredService<IOutbox>(),
            provider.GetRequiredService<CollectorSettings>().Live,
            provider.GetRequiredService<ILogger<LivePointSink>>()));
        services.TryAddSingleton(provider => new LiveSnapshotCollectors(
            provider.GetRequiredService<CollectorSettings>(),
            provider.GetRequiredService<IXapiClientFactory>(),
            provider.GetRequiredService<LivePointSink>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// One <see cref="LiveSnapshotJob"/> per enabled PBX, fired at start and then every
    /// <see cref="ScheduleOptions.LiveSnapshotInterval"/>; a misfire (the scheduler was held up) skips to the next
    /// fire. Also registers the services (<see cref="AddLiveSnapshots"/>) and the <see cref="OutboxFlushService"/>.
    /// </summary>
    public static IQuartzBuilder AddLiveSnapshotJobs(this IQuartzBuilder quartz, CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(settings);
        quartz.Services.AddLiveSnapshots();
        // Buffered live points need the outbox flusher running in the worker (registered once, whoever asks first).
        quartz.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxFlushService>());
        var interval = settings.Schedules.LiveSnapshotInterval;
        foreach (var pbx in settings.EnabledPbxs)
        {
            var job = new JobKey($"live-snapshot-{pbx.Name}", "live");
            quartz.AddJob<LiveSnapshotJob>(j => j
                .WithIdentity(job)
                .WithDescription($"Live snapshot of PBX {pbx.Name}")
                .UsingJobData(LiveSnapshotJob.PbxKey, pbx.Name)
                .UsingJobData(LiveSnapshotJob.IntervalKey, (long)interval.TotalMilliseconds));
            quartz.AddTrigger(t => t
                .ForJob(job)
                .WithIdentity($"live-snapshot-{pbx.Name}", "live")
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
        return quartz;
    }
}
