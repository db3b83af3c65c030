using Collector.ThreeCx;

namespace Collector.Diagnostics.Pbx;

/// <summary>Reads one row of the last hour's call log (<c>Pbx.GetCallLogData</c>, <c>$top=1</c>).</summary>
internal sealed class CallLogStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.CallLog;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        CallLogEntry? entry = null;
        await foreach (var read in context.Client.GetCallLogAsync(new CallLogQuery(now.AddHours(-1), now), cancellationToken))
        {
            entry = read;
            break;   // one row is enough to prove the report works (the check asks for pages of one)
        }
        if (entry is null)
            return CheckResult.Pass(Name, "The call-log report answers; no calls in the last hour.");
        if (entry.Value.Unreadable is { } unreadable)
            return CheckResult.Pass(Name, $"The call-log report answers; its newest row could not be read ({unreadable.Reason}); the sync skips and quarantines such rows.");
        var first = entry.Value.Row!;
        if (first.CdrId is null || first.MainCallHistoryId is null)
            return CheckResult.Warn(Name,
                "The call-log report answers, but its rows lack CdrId and MainCallHistoryId (3CX before 20.0.6), so legs cannot be grouped into calls reliably.",
                "Update 3CX to 20.0.6 or later (Admin Console → Updates).");
        return CheckResult.Pass(Name, $"The call-log report answers; a call leg started at {first.StartTime:HH:mm:ss} UTC.");
    }
}
