namespace Collector.Diagnostics.Pbx;

/// <summary>Which 3CX version answers; XAPI needs V20, and the call log lacks its key fields before 20.0.6.</summary>
internal sealed class VersionStep : ICheckStep<PbxCheckContext>
{
    /// <summary>The first build whose call log has MainCallHistoryId, CdrId, Direction, CallType and Status.</summary>
    public static readonly Version FullCallLog = new(20, 0, 6);

    public string Name => PbxSteps.Version;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var text = Security.OutsideText.Bound(await context.Client.GetVersionAsync(cancellationToken), 64);
        if (string.IsNullOrWhiteSpace(text) || !System.Version.TryParse(text, out var version))
            return CheckResult.Warn(Name, $"The PBX did not say which version it runs ({(string.IsNullOrWhiteSpace(text) ? "no version" : $"\"{text}\"")}).",
                $"Make sure it is 3CX V20 Update 6 ({FullCallLog}) or later (Admin Console → Dashboard).");
        if (version.Major < 20)
            return CheckResult.Fail(Name, $"3CX {text} is older than V20; the collector needs V20's XAPI.",
                $"Upgrade the PBX to 3CX V20 ({FullCallLog} or later).");
        if (version < FullCallLog)
            return CheckResult.Warn(Name,
                $"3CX {text} is older than {FullCallLog}: its call log lacks MainCallHistoryId, CdrId, Direction, CallType and Status, so calls and queue legs cannot be told apart reliably.",
                $"Update 3CX to {FullCallLog} or later (Admin Console → Updates).");
        return CheckResult.Pass(Name, $"3CX {text}.");
    }
}
