namespace Collector.Diagnostics.Pbx;

/// <summary><c>GET /xapi/v1/ActiveCalls</c>: the source of the live wallboard's calls and waiting callers.</summary>
internal sealed class ActiveCallsStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.ActiveCalls;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var calls = await context.Client.GetActiveCallsAsync(cancellationToken);
        context.ServerNow = calls.Select(c => c.ServerNow).FirstOrDefault(t => t is not null);
        return CheckResult.Pass(Name, calls.Count == 1 ? "1 call in progress." : $"{calls.Count} calls in progress.");
    }
}
