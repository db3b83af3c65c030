using Collector.Testing.Faults;
using Xunit.Abstractions;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The fault suite in its CI form (docs/reliability.md): the built collector, the built simulator and a real influxd
/// as separate processes, killed, stopped, frozen and faulted. Every scenario must run and lose no call, double no
/// call, crash no collector run and show neither the secret nor a token in the collector's output.
/// </summary>
[Trait("Category", "Slow")]
public class FaultSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryFaultScenarioRunsAndLosesNothingDoublesNothingAndCrashesNothing()
    {
        using var log = new StringWriter();
        var results = await FaultSuite.RunAsync(SuiteForm.Ci, log);
        output.WriteLine(log.ToString());

        Assert.Equal(FaultSuite.ScenarioNames(SuiteForm.Ci), results.Select(r => r.Name));
        foreach (var result in results)
        {
            Assert.True(result.HarnessError is null, $"{result.Name}: the suite failed: {result.HarnessError}");
            Assert.True(result.Truth > 0, $"{result.Name}: the truth has no call, so nothing was compared");
            Assert.True(result.Lost == 0, $"{result.Name}: {result.Lost} of {result.Truth} calls lost ({result.Details})\n{log}");
            Assert.True(result.Doubled == 0, $"{result.Name}: {result.Doubled} calls doubled ({result.Details})\n{log}");
            Assert.True(result.Crashed == 0, $"{result.Name}: {result.Crashed} collector runs crashed\n{log}");
            Assert.True(result.SecretHits == 0, $"{result.Name}: the client secret or a token appeared {result.SecretHits} times in the collector's output");
        }
    }
}
