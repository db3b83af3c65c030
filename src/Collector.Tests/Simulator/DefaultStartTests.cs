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

    [Fact]
    public async Task ASimulatorStartedWithAClockOffsetRunsThatFarFromTheRealClockAndItsDateHeaderFollowsIt()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "9", "--clock-offset", "-00:02:00");

        var before = DateTimeOffset.UtcNow;
        var clockNow = await sim.NowAsync();
        using var response = await sim.Http.GetAsync("sim/clock");
        var after = DateTimeOffset.UtcNow;

        AssertWithinRealClock(clockNow + TimeSpan.FromMinutes(2), before, after, "/sim/clock now + 2 min");
        Assert.True(response.Headers.Date is { } date, "no Date header");
        AssertWithinRealClock(response.Headers.Date!.Value + TimeSpan.FromMinutes(2), before.AddSeconds(-1), after, "Date header + 2 min");
    }

    [Fact]
    public async Task EveryAnswerCarriesTheSimulatedClockInItsDateHeader()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "9", "--speed", "0", "--start", "2026-11-18T09:00:00.700Z");
        var client = new SimulatorClient(sim);
        await client.GetJsonAsync("xapi/v1/ActiveCalls");   // authenticates

        using var clock = await sim.Http.GetAsync("sim/clock");
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 9, 0, 0, TimeSpan.Zero), clock.Headers.Date);
        await sim.AdvanceClockAsync(TimeSpan.FromMinutes(3));
        using var token = await sim.Http.PostAsync("connect/token", new FormUrlEncodedContent([]));
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 9, 3, 0, TimeSpan.Zero), token.Headers.Date);
    }

    [Fact]
    public void AClockOffsetTogetherWithAStartIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => global::Simulator.SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--start", "2026-11-18T09:00:00Z", "--clock-offset", "-120"]));
        Assert.Contains("--clock-offset", e.Message);
    }

    static void AssertWithinRealClock(DateTimeOffset simulated, DateTimeOffset before, DateTimeOffset after, string what) =>
        Assert.True(simulated >= before - Tolerance && simulated <= after + Tolerance,
            $"{what} {simulated:o} is not within {Tolerance.TotalSeconds} s of the real clock [{before:o}, {after:o}]");
}
