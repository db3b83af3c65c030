using Collector.Tests.Support;

namespace Collector.Tests.Simulator;

/// <summary>Without <c>--start</c> the simulated now is the real now, so live points are stamped with the wall clock.</summary>
public sealed class DefaultStartTests
{
    static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ASimulatorStartedWithoutAStartServesTheRealNowOnItsClockAndItsLiveRoutes()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "9", "--calls-per-hour", "600");
        var client = new SimulatorClient(sim);

        // Each reading is bracketed by the real clock before and after the request.
        var before = DateTimeOffset.UtcNow;
        var clockNow = await sim.NowAsync();
        var live = await client.TruthLiveAsync();
        var active = (await client.GetJsonAsync("xapi/v1/ActiveCalls")).GetProperty("value").EnumerateArray().ToList();
        var after = DateTimeOffset.UtcNow;

        AssertWithinRealClock(clockNow, before, after, "/sim/clock now");
        AssertWithinRealClock(SimulatorClient.Instant(live.GetProperty("now")), before, after, "/sim/truth/live now");
        foreach (var call in active)
            AssertWithinRealClock(SimulatorClient.Instant(call.GetProperty("ServerNow")), before, after, $"ActiveCalls {call.GetProperty("Id")} ServerNow");
    }

    static void AssertWithinRealClock(DateTimeOffset simulated, DateTimeOffset before, DateTimeOffset after, string what) =>
        Assert.True(simulated >= before - Tolerance && simulated <= after + Tolerance,
            $"{what} {simulated:o} is not within {Tolerance.TotalSeconds} s of the real clock [{before:o}, {after:o}]");
}
