using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Collector.Jobs;

/// <summary>Registers the call-log sync: one Quartz job per enabled PBX, its services, and the outbox flusher.</summary>
public static class CallLogJobs
{
    public const string Group = "calllog";

    public static JobKey KeyFor(string pbx) => new($"calllog-sync-{pbx}", Group);

    /// <summary>
    /// For each enabled PBX a <see cref="CallLogSyncJob"/> on a simple trigger every <c>Schedules:CallLogSyncInterval</c>,
    /// starting now. A run that was missed (the worker was busy or asleep) is skipped, not caught up: the next run
    /// reads everything since the watermark anyway.
    /// </summary>
    public static IQuartzBuilder AddCallLogSyncJobs(this IQuartzBuilder quartz, CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(settings);
        var services = quartz.Services;
        if (!services.Any(d => d.ServiceType == typeof(IXapiClientFactory)))
        {
            services.AddXapiClient();
            services.AddOptions<XapiOptions>().BindConfiguration(XapiOptions.SectionName);
        }
        services.AddCallLogPipeline();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OutboxFlushService>());

        foreach (var pbx in settings.EnabledPbxs)
        {
            var key = KeyFor(pbx.Name);
            quartz.AddJob<CallLogSyncJob>(job => job
                .WithIdentity(key)
                .WithDescription($"Call-log sync of PBX {pbx.Name}")
                .UsingJobData(CallLogSyncJob.PbxKey, pbx.Name));
            quartz.AddTrigger(trigger => trigger
                .ForJob(key)
                .WithIdentity($"{key.Name}-trigger", Group)
                .StartNow()
                .WithSchedule(SimpleScheduleBuilder.Create()
                    .WithInterval(settings.Schedules.CallLogSyncInterval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }
        return quartz;
    }
}
