namespace Collector.Diagnostics.Pbx;

/// <summary><c>GET /xapi/v1/Queues?$expand=Agents</c>: the queues and their agents.</summary>
internal sealed class QueuesStep : ICheckStep<PbxCheckContext>
{
    public string Name => PbxSteps.Queues;
    public IReadOnlyList<string> DependsOn => [PbxSteps.Token];

    public async Task<CheckResult> RunAsync(PbxCheckContext context, CancellationToken cancellationToken)
    {
        var queues = await context.Client.GetQueuesAsync(cancellationToken);
        if (queues.Count == 0)
            return CheckResult.Warn(Name, "The PBX has no call queues, so the queue wallboard and SLA reports will be empty.",
                "Create call queues in 3CX (Admin Console → Call Queues), or ignore this if you only need call totals.");
        var agents = queues.Sum(q => q.Agents.Count);
        var names = string.Join(", ", queues.Take(5).Select(q => Security.OutsideText.Bound($"{q.Number} {q.Name}".Trim(), 64)));
        return CheckResult.Pass(Name, $"{queues.Count} queue(s) with {agents} agent seat(s): {names}{(queues.Count > 5 ? ", …" : "")}.");
    }
}
