namespace Collector.Diagnostics.Pbx;

/// <summary>
/// The PBX part of <c>collector check</c>: runs <see cref="PbxSteps.All"/>, turning XAPI failures into verdicts
/// (<see cref="XapiAdvice"/>) and a pass that needed retries (429, 5xx) into a warning.
/// </summary>
internal static class PbxCheck
{
    public static async Task<CheckTargetReport> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var steps = PbxSteps.All.Select(step => (ICheckStep<PbxCheckContext>)new RetryAwareStep(step));
        var results = await CheckRunner.RunAsync(steps, context, (step, error) => XapiAdvice.For(step, error, context), cancellationToken);
        return Report(context.Pbx, results);
    }

    public static CheckTargetReport Report(Configuration.PbxOptions pbx, IReadOnlyList<CheckResult> results)
        => new("pbx", pbx.Name, pbx.BaseUrl?.ToString() ?? "(no BaseUrl)", results);

    /// <summary>Runs a step while recording the XAPI attempts, so a pass after retried failures becomes a warning.</summary>
    sealed class RetryAwareStep(ICheckStep<PbxCheckContext> inner) : ICheckStep<PbxCheckContext>
    {
        public string Name => inner.Name;
        public IReadOnlyList<string> DependsOn => inner.DependsOn;

        public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
        {
            using var traffic = XapiTraffic.Record();
            var result = await inner.RunAsync(context, cancellationToken);
            var retried = traffic.RetriedFailures;
            if (result.Outcome != CheckOutcome.Pass || retried.Count == 0) return result;

            var first = string.Join(", ", retried.Select(Describe));
            var rateLimited = retried.Contains("429");
            return CheckResult.Warn(Name, $"{result.Verdict} It passed only after retrying: the PBX first answered {first}.",
                rateLimited
                    ? "The PBX is rate-limiting this API client: make sure no other program uses the same client, or poll less often (Schedules__LiveSnapshotInterval)."
                    : "The PBX or the network is unsteady: check the PBX's load and its services in the 3CX Admin Console → Dashboard.");
        }

        static string Describe(string attempt) => attempt switch
        {
            "429" => "429 Too Many Requests",
            "503" => "503 Service Unavailable",
            "network error" => "a dropped connection",
            _ => attempt,
        };
    }
}
