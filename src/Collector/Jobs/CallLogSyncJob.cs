using Collector.CallLog.Sync;
using Collector.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Collector.Jobs;

/// <summary>
/// The Quartz job of one PBX's call-log sync: a thin shell around <see cref="CallLogSync.SyncOnceAsync"/>. One job per
/// enabled PBX (the job data names it), never two runs of the same PBX at once; a failure is the run's result, so it
/// neither stops the schedule nor touches the other PBXs' jobs.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class CallLogSyncJob(CallLogSync sync, CollectorSettings settings, ILogger<CallLogSyncJob> logger) : IJob
{
    /// <summary>The job data key holding the PBX's name.</summary>
    public const string PbxKey = "pbx";

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
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping; the watermark is where the last acknowledged window put it.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Call-log sync job for PBX {Pbx}, which is not an enabled PBX; skipped")]
    static partial void LogUnknownPbx(ILogger logger, string pbx);
}
