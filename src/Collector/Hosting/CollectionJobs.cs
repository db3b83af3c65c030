using Collector.Configuration;
using Collector.Jobs;
using Collector.Live;
using Quartz;

namespace Collector.Hosting;

/// <summary>
/// The one place where the worker's scheduled jobs are registered with Quartz. Later issues add theirs here:
/// a live snapshot job per enabled PBX every <see cref="ScheduleOptions.LiveSnapshotInterval"/>, a call-log sync job
/// per enabled PBX every <see cref="ScheduleOptions.CallLogSyncInterval"/>, and the daily reconcile job.
/// </summary>
public static class CollectionJobs
{
    public static IQuartzBuilder AddCollectionJobs(
        this IQuartzBuilder quartz, CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        quartz.AddCallLogSyncJobs(settings);

        // ---- live snapshot job (issue 4, src/Collector/Live) ----
        quartz.AddLiveSnapshotJobs(settings);
        // ---- end of live snapshot job ----
        return quartz;
    }
}
