namespace Collector.Diagnostics;

/// <summary>
/// Runs a target's steps in order. A step whose dependency failed (or was itself skipped) is skipped with the root
/// cause as its reason; an exception from a step becomes a failed row through <paramref name="onError"/>.
/// </summary>
internal static class CheckRunner
{
    public static async Task<IReadOnlyList<CheckResult>> RunAsync<TContext>(
        IEnumerable<ICheckStep<TContext>> steps,
        TContext context,
        Func<string, Exception, CheckResult> onError,
        CancellationToken cancellationToken)
    {
        var results = new List<CheckResult>();
        foreach (var step in steps)
        {
            var blocker = step.DependsOn
                .Select(name => results.FirstOrDefault(r => r.Step == name))
                .FirstOrDefault(r => r is { Outcome: CheckOutcome.Fail or CheckOutcome.Skipped });
            if (blocker is not null)
            {
                // Name the root cause rather than the chain: "the token step failed", not "call log was skipped".
                var reason = blocker.Outcome == CheckOutcome.Skipped ? blocker.Verdict : $"skipped: the {blocker.Step} step failed";
                results.Add(CheckResult.Skip(step.Name, reason));
                continue;
            }
            try
            {
                results.Add(await step.RunAsync(context, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                results.Add(onError(step.Name, ex));
            }
        }
        return results;
    }
}
