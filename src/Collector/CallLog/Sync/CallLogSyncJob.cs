using Collector.CallLog.Rollups;
using Collector.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Collector.CallLog.Sync;

/// <summary>
/// The Quartz job of one PBX's call-log sync: a thin shell around <see cref="CallLogSync.SyncOnceAsync"/>. One job per
/// enabled PBX (the job data names it), never two runs of the same PBX at once; a failure is the run's result, so it
/// neither stops the schedule nor touches the other PBXs' jobs.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class CallLogSyncJob(CallLogSync sync, CollectorSettings settings, ILogger<CallLogSyncJob> logger, QueueRollups? rollups = null) : IJob
{
    /// <summary>The job data key holding the PBX's name.</summary>
    public const string PbxKey = "pbx";

    /// <summary>The Quartz group of the call-log sync jobs.</summary>
    public const string Group = "calllog";

    /// <summary>The job of one PBX.</summary>
    public static JobKey KeyFor(string pbx) => new($"calllog-sync-{pbx}", Group);

    /// <summary>The recurring trigger of the job of one PBX.</summary>
    public static TriggerKey TriggerKeyFor(string pbx) => new($"{KeyFor(pbx).Name}-trigger", Group);

    /// <summary>
    /// Schedules the job of <paramref name="pbx"/>: once at start, then on a simple trigger every <paramref name="interval"/>
    /// in the PBX's own slot of the interval (<see cref="PbxScheduleOffset"/>), so many PBXs do not sync on the same
    /// second. A run that was missed (the worker was busy or asleep) is skipped, not caught up: the next run reads
    /// everything since the watermark anyway. Without <paramref name="runAtStart"/> (a cluster node: the cluster already
    /// runs the schedule, or starts it within one interval) there is no extra run at start.
    /// </summary>
    public static void Schedule(IQuartzBuilder quartz, PbxOptions pbx, TimeSpan interval, TimeProvider? time = null, bool runAtStart = true)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(pbx);
        var key = KeyFor(pbx.Name);
        quartz.AddJob<CallLogSyncJob>(job => job
            .WithIdentity(key)
            .WithDescription($"Call-log sync of PBX {pbx.Name}")
            .UsingJobData(PbxKey, pbx.Name));
        quartz.AddTrigger(trigger => trigger
            .ForJob(key)
            .WithIdentity(TriggerKeyFor(pbx.Name))
            .StartAt(PbxScheduleOffset.FirstFire(pbx.Name, interval, (time ?? TimeProvider.System).GetUtcNow()))
            .WithSchedule(SimpleScheduleBuilder.Create()
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        // The first sync at start, not up to an interval later (the slot's trigger may fire right after it: the job
        // never runs twice at once, and a run finds little new).
        if (runAtStart)
            quartz.AddTrigger(trigger => trigger
                .ForJob(key)
                .WithIdentity($"{key.Name}-start", Group)
                .StartNow());
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.TryGetValue(PbxKey, out var value) ? value as string : null;
        var pbx = settings.EnabledPbxs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));
        if (pbx is null)
        {
            LogUnknownPbx(logger, name ?? "(none)");
            return;
        }

        try
        {
            await sync.SyncOnceAsync(pbx, cancellationToken);
            if (rollups is not null)
                await rollups.RecomputeAsync(pbx.Name, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping; the watermark is where the last acknowledged window put it.
            LogStopped(logger, pbx.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: call-log sync stopped by the shutdown; the watermark stays where the last written window put it")]
    static partial void LogStopped(ILogger logger, string pbx);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call-log sync job for PBX {Pbx}, which is not an enabled PBX; skipped")]
    static partial void LogUnknownPbx(ILogger logger, string pbx);
}
