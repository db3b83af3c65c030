using System.Globalization;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.State;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Collector.Reconcile;

/// <summary>
/// The Quartz job of one PBX's daily reconciliation: a thin shell that picks the days (<see cref="ReconcileSchedule"/>, from
/// the clock and the call-log watermark) and runs <see cref="Reconciler.RunAsync"/>. One job per enabled PBX, daily at
/// <c>Reconcile:RunAt</c> (UTC), never two runs of a PBX at once; a failure is the run's result and touches nothing else.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class ReconcileJob(
    Reconciler reconciler, IWatermarkStore watermarks, CollectorSettings settings, TimeProvider time, ILogger<ReconcileJob> logger) : IJob
{
    public const string PbxKey = "pbx";
    public const string Group = "reconcile";

    public static JobKey KeyFor(string pbx) => new($"reconcile-{pbx}", Group);

    /// <summary>The trigger of the job of one PBX.</summary>
    public static TriggerKey TriggerKeyFor(string pbx) => new($"{KeyFor(pbx).Name}-trigger", Group);

    /// <summary>
    /// Whether the worker runs the daily job: <c>Reconcile:Enabled</c>, and InfluxDB's v1 API, the only one our points are
    /// read back from (docs/reconciliation.md, "InfluxDB 2.x and 3").
    /// </summary>
    public static bool Runs(CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Reconcile.Enabled && settings.Influx.ApiVersion == InfluxApiVersion.V1;
    }

    /// <summary>Schedules the job of <paramref name="pbx"/> every day at <paramref name="runAt"/> UTC (a run missed while the worker was busy runs at once).</summary>
    public static void Schedule(IQuartzBuilder quartz, PbxOptions pbx, TimeSpan runAt)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(pbx);
        var key = KeyFor(pbx.Name);
        quartz.AddJob<ReconcileJob>(job => job
            .WithIdentity(key)
            .WithDescription($"Daily reconciliation of PBX {pbx.Name} with 3CX's reports")
            .UsingJobData(PbxKey, pbx.Name));
        quartz.AddTrigger(trigger => trigger
            .ForJob(key)
            .WithIdentity(TriggerKeyFor(pbx.Name))
            .WithSchedule(CronScheduleBuilder.Create(CronFor(runAt))
                .InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    /// <summary>Quartz's cron expression for every day at <paramref name="runAt"/>: <c>s m h * * ?</c>.</summary>
    public static string CronFor(TimeSpan runAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{runAt.Seconds} {runAt.Minutes} {runAt.Hours} * * ?");

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
            var watermark = await watermarks.GetWatermarkAsync(pbx.Name, CallLogSync.Stream, cancellationToken);
            var days = ReconcileSchedule.DaysToCheck(time.GetUtcNow(), watermark, settings.Reconcile);
            if (days.Count == 0)
            {
                LogNothingToCheck(logger, pbx.Name, watermark);
                return;
            }
            await reconciler.RunAsync(pbx, days, null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping; the next run compares the same days again.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile job for PBX {Pbx}, which is not an enabled PBX; skipped")]
    static partial void LogUnknownPbx(ILogger logger, string pbx);

    [LoggerMessage(Level = LogLevel.Information, Message = "PBX {Pbx}: no finished day the call-log sync has passed (watermark {Watermark:O}); nothing to reconcile yet")]
    static partial void LogNothingToCheck(ILogger logger, string pbx, DateTimeOffset? watermark);
}
