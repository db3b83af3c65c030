using Collector.Configuration;
using Collector.Live.Collection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Collector.Live;

/// <summary>
/// The Quartz shell around <see cref="LiveSnapshotCollector"/>: one job per PBX (job data <c>pbx</c>), fired every
/// <c>Schedules:LiveSnapshotInterval</c>. Never two runs of one PBX at once; a fire that comes a whole interval late
/// (the previous run overran) is skipped rather than run back to back, since the next fire is already due.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class LiveSnapshotJob(LiveSnapshotCollectors collectors, ILogger<LiveSnapshotJob> logger) : IJob
{
    public const string PbxKey = "pbx";
    public const string IntervalKey = "intervalMs";

    /// <summary>The job of one PBX.</summary>
    public static JobKey KeyFor(string pbx) => new($"live-snapshot-{pbx}", "live");

    /// <summary>The trigger of the job of one PBX.</summary>
    public static TriggerKey TriggerKeyFor(string pbx) => new($"live-snapshot-{pbx}", "live");

    /// <summary>
    /// Schedules the job of <paramref name="pbx"/> every <paramref name="interval"/>, in the PBX's own slot of the interval
    /// (<see cref="PbxScheduleOffset"/>: the first fire is at most one interval after start); a misfire (the scheduler
    /// was held up) skips to the next fire.
    /// </summary>
    public static void Schedule(IQuartzBuilder quartz, PbxOptions pbx, TimeSpan interval, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(pbx);
        var job = KeyFor(pbx.Name);
        quartz.AddJob<LiveSnapshotJob>(j => j
            .WithIdentity(job)
            .WithDescription($"Live snapshot of PBX {pbx.Name}")
            .UsingJobData(PbxKey, pbx.Name)
            .UsingJobData(IntervalKey, (long)interval.TotalMilliseconds));
        quartz.AddTrigger(t => t
            .ForJob(job)
            .WithIdentity(TriggerKeyFor(pbx.Name))
            .StartAt(PbxScheduleOffset.FirstFire(pbx.Name, interval, (time ?? TimeProvider.System).GetUtcNow()))
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var pbx = data.TryGetValue(PbxKey, out var name) && name is string text ? text
            : throw new JobExecutionException($"The live snapshot job has no '{PbxKey}' in its job data.");
        var interval = IntervalIn(data);
        if (context.ScheduledFireTimeUtc is { } scheduled && IsLate(scheduled, context.FireTimeUtc, interval))
        {
            LogSkipped(logger, pbx, context.FireTimeUtc - scheduled);
            return;
        }
        await collectors.For(pbx).RunAsync(cancellationToken);
    }

    /// <summary>
    /// The interval in the job data (<see cref="IntervalKey"/>, milliseconds), or zero when it is missing. The in-memory store
    /// gives back the <see langword="long"/> it was given; the persistent store's JSON gives back an <see langword="int"/> for a
    /// value that fits one, so any integer is taken.
    /// </summary>
    public static TimeSpan IntervalIn(JobDataMap data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.TryGetValue(IntervalKey, out var ms) && ms is long or int
            ? TimeSpan.FromMilliseconds(Convert.ToInt64(ms, System.Globalization.CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
    }

    /// <summary>A fire at least one whole interval late: the next one is already due, so this one is skipped.</summary>
    public static bool IsLate(DateTimeOffset scheduled, DateTimeOffset fired, TimeSpan interval) =>
        interval > TimeSpan.Zero && fired - scheduled >= interval;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped a live snapshot of PBX {Pbx}: it came {Late} late (the previous run overran)")]
    static partial void LogSkipped(ILogger logger, string pbx, TimeSpan late);
}
