using Collector.Testing.Faults;

namespace Collector.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/Collector.Bench -- faults [--full] [NAME …]</c>: the fault suite
/// (<see cref="FaultSuite"/>, docs/reliability.md) in its CI form (about three minutes) or its full form (realistic
/// durations); names run only the scenarios whose name contains one of them. Exit 0 when every scenario that ran lost,
/// doubled and crashed nothing and no secret reached the output.
/// </summary>
static class FaultSuiteCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var form = args.Contains("--full") ? SuiteForm.Full : SuiteForm.Ci;
        var only = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var results = await FaultSuite.RunAsync(form, Console.Out, only);
        return results.All(r => r.HarnessError is null && r.Lost == 0 && r.Doubled == 0 && r.Crashed == 0 && r.SecretHits == 0) ? 0 : 1;
    }
}
