namespace Collector.Diagnostics;

/// <summary>How one check step came out. Only <see cref="Fail"/> makes <c>collector check</c> exit non-zero.</summary>
internal enum CheckOutcome
{
    Pass,
    /// <summary>Works, but something deserves attention (old version, slight clock skew, rate limiting).</summary>
    Warn,
    Fail,
    /// <summary>Not run because a step it needs failed; the verdict says which.</summary>
    Skipped,
}

/// <summary>One row of the check table: the step, its outcome, what we found in plain words, and the fix.</summary>
internal sealed record CheckResult(string Step, CheckOutcome Outcome, string Verdict, string? Fix = null)
{
    public static CheckResult Pass(string step, string verdict) => new(step, CheckOutcome.Pass, verdict);
    public static CheckResult Warn(string step, string verdict, string fix) => new(step, CheckOutcome.Warn, verdict, fix);
    public static CheckResult Fail(string step, string verdict, string fix) => new(step, CheckOutcome.Fail, verdict, fix);
    public static CheckResult Skip(string step, string reason) => new(step, CheckOutcome.Skipped, reason);
}

/// <summary>The steps run against one target: a PBX or InfluxDB.</summary>
/// <param name="Kind"><c>pbx</c> or <c>influx</c>.</param>
internal sealed record CheckTargetReport(string Kind, string Name, string Address, IReadOnlyList<CheckResult> Steps)
{
    public bool Failed => Steps.Any(s => s.Outcome == CheckOutcome.Fail);
}

/// <summary>Everything <c>collector check</c> found.</summary>
internal sealed record CheckReport(IReadOnlyList<CheckTargetReport> Targets)
{
    /// <summary>True when no step failed (warnings and skipped steps are fine only if nothing failed).</summary>
    public bool Ok => !Targets.Any(t => t.Failed);

    public int Count(CheckOutcome outcome) => Targets.Sum(t => t.Steps.Count(s => s.Outcome == outcome));
}
