namespace Collector.Tests;

public class SmokeTests
{
    [Fact]
    public void TheSolutionBuildsAndTheTestRunnerRuns() => Assert.Equal(4, 2 + 2);
}
