using Collector.CallLog.Sync;
using Collector.Cluster;
using Collector.Configuration;
using Collector.Live;
using Collector.Reconcile;
using Collector.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Collector.Hosting;

/// <summary>
/// The one place that schedules the worker's work: for each enabled PBX a call-log sync job every
/// <see cref="ScheduleOptions.CallLogSyncInterval"/>, a live snapshot job every
/// <see cref="ScheduleOptions.LiveSnapshotInterval"/> and, when <see cref="ReconcileJob.Runs"/>, a reconcile job daily at
/// <see cref="ReconcileOptions.RunAt"/> (each job's schedule sits with its feature), and the
/// background services: Quartz itself, the outbox flusher, the state database's watch and the start-up summary. Quartz keeps
/// the jobs in memory on SQLite and in a cluster on PostgreSQL (<see cref="QuartzJobStore"/>, <see cref="ClusterJoin"/>).
/// </summary>
internal static class CollectorJobs
{
    public static IServiceCollection AddCollectorJobs(this IServiceCollection services, CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddQuartz(quartz =>
        {
            QuartzJobStore.Use(quartz, settings.State);
            quartz.UseDefaultThreadPool(JobConcurrency.For(settings));
            foreach (var pbx in settings.EnabledPbxs)
            {
                // A cluster node does not add a run at start: the cluster runs the schedule already (or starts it within an interval).
                CallLogSyncJob.Schedule(quartz, pbx, settings.Schedules.CallLogSyncInterval, runAtStart: !QuartzJobStore.IsClustered(settings.State));
                LiveSnapshotJob.Schedule(quartz, pbx, settings.Schedules.LiveSnapshotInterval);
                if (ReconcileJob.Runs(settings))
                    ReconcileJob.Schedule(quartz, pbx, settings.Reconcile.RunAt);
            }
        });
        // A stop (SIGTERM, Ctrl+C) cancels the running jobs' tokens and then waits for them: a job unwinds at its next
        // await instead of running on until the host's shutdown timeout cuts it off.
        services.Configure<QuartzSchedulerOptions>(options => options.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
        // The configured jobs replace the stored ones (a persistent store keeps them between starts).
        services.Configure<QuartzOptions>(options => options.Scheduling.OverwriteExistingData = true);
        if (QuartzJobStore.IsClustered(settings.State))
        {
            services.AddSingleton(new DeclaredJobs(DeclaredKeys(settings), DeclaredTriggers(settings)));
            services.AddHostedService<ClusterJoin>();   // before Quartz's hosted service: schema, jobs, stale jobs, in turn
        }
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        services.AddHostedService(provider => provider.GetRequiredService<OutboxFlushService>());
        services.AddHostedService(provider => provider.GetRequiredService<StateWatchService>());
        services.AddHostedService<StartupSummary>();
        return services;
    }

    /// <summary>The recurring triggers scheduled above, with their schedules.</summary>
    static IEnumerable<DeclaredTrigger> DeclaredTriggers(CollectorSettings settings)
    {
        foreach (var pbx in settings.EnabledPbxs)
        {
            yield return new DeclaredTrigger(CallLogSyncJob.TriggerKeyFor(pbx.Name), settings.Schedules.CallLogSyncInterval, null);
            yield return new DeclaredTrigger(LiveSnapshotJob.TriggerKeyFor(pbx.Name), settings.Schedules.LiveSnapshotInterval, null);
            if (ReconcileJob.Runs(settings))
                yield return new DeclaredTrigger(ReconcileJob.TriggerKeyFor(pbx.Name), null, ReconcileJob.CronFor(settings.Reconcile.RunAt));
        }
    }

    /// <summary>The keys of the jobs scheduled above: one per enabled PBX and kind.</summary>
    static IEnumerable<JobKey> DeclaredKeys(CollectorSettings settings)
    {
        foreach (var pbx in settings.EnabledPbxs)
        {
            yield return CallLogSyncJob.KeyFor(pbx.Name);
            yield return LiveSnapshotJob.KeyFor(pbx.Name);
            if (ReconcileJob.Runs(settings))
                yield return ReconcileJob.KeyFor(pbx.Name);
        }
    }
}
