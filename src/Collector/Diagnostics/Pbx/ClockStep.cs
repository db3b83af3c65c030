namespace Collector.Diagnostics.Pbx;

/// <summary>
/// Compares the PBX's clock (its HTTP <c>Date</c> header, else an active call's <c>ServerNow</c>) with this machine's.
/// Live waits and the times of live points are computed across both clocks, so they must agree; the call-log sync follows
/// the PBX's own clock and loses no call to skew, but warns beyond <c>CallLog:MaxClockSkew</c>. Each verdict but a skip ends with
/// the reports' time zone (<c>Reporting:TimeZone</c>) and its offset from UTC now, so a wrong zone shows beside the clocks.
/// </summary>
internal sealed class ClockStep : ICheckStep<PbxCheckContext>
{
    public static readonly TimeSpan WarnBeyond = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan FailBeyond = TimeSpan.FromMinutes(5);

    public string Name => PbxSteps.Clock;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Dns, PbxSteps.Tls];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var result = await CompareAsync(context, cancellationToken);
        return result.Outcome == CheckOutcome.Skipped
            ? result
            : result with { Verdict = result.Verdict + " " + ReportingTime(context.ReportingZone, context.Time.GetUtcNow()) };
    }

    /// <summary>The reports' zone and its offset from UTC now: <c>Reports use Reporting:TimeZone Europe/Berlin (UTC+01:00 now).</c></summary>
    internal static string ReportingTime(TimeZoneInfo zone, DateTimeOffset now)
    {
        var offset = zone.GetUtcOffset(now);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Reports use Reporting:TimeZone {zone.Id} (UTC{sign}{offset.Duration():hh\\:mm} now).");
    }

    async Task<CheckResult> CompareAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var (skew, unreachable) = await FromDateHeaderAsync(context, cancellationToken);
        if (skew is null && context.ServerNow is null && unreachable is not null)
            return CheckResult.Skip(Name, $"skipped: the PBX could not be reached to read its clock ({unreachable}).");
        if (skew is null && context.ServerNow is { } serverNow)
            skew = serverNow - context.Time.GetUtcNow();
        if (skew is not { } offset)
            return CheckResult.Warn(Name, "Could not read the PBX's clock (no Date header, no active call).",
                "Make sure both the PBX and this machine keep time with NTP.");

        var size = offset.Duration();
        var direction = offset > TimeSpan.Zero ? "ahead of" : "behind";
        var said = $"The PBX's clock is {Describe(size)} {direction} this machine's.";
        const string fix = "Keep both clocks right with NTP: on this machine run `timedatectl set-ntp true`; on the PBX, enable NTP in its operating system.";
        if (size > FailBeyond) return CheckResult.Fail(Name, said + " Live waiting times and the times of live points would be wrong (the call-log sync follows the PBX's clock and loses no call, but warns).", fix);
        if (size > WarnBeyond) return CheckResult.Warn(Name, said, fix);
        return CheckResult.Pass(Name, size < TimeSpan.FromSeconds(2) ? "The PBX's clock agrees with this machine's." : said);
    }

    /// <summary>
    /// Any answer carries <c>Date</c> (1 s resolution); compare it with our clock halfway through the request.
    /// When no answer came at all, <c>Unreachable</c> says why.
    /// </summary>
    static async Task<(TimeSpan? Skew, string? Unreachable)> FromDateHeaderAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            var before = context.Time.GetUtcNow();
            using var response = await context.Http.GetAsync(context.BaseUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var after = context.Time.GetUtcNow();
            if (response.Headers.Date is not { } date) return (null, null);
            var local = before + (after - before) / 2;
            var skew = date - local;
            // The header drops the fraction of a second, so up to a second of difference is no difference.
            return (skew.Duration() <= TimeSpan.FromSeconds(1) ? TimeSpan.Zero : skew, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, NetworkFailure.Describe(ex));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {CollectorCheck.ProbeTimeout.TotalSeconds:0} s");
        }
    }

    static string Describe(TimeSpan t) =>
        t.TotalMinutes >= 2 ? $"{t.TotalMinutes:0} minutes" : $"{t.TotalSeconds:0} seconds";
}
