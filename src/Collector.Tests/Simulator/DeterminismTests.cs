using Collector.Tests.Support;

namespace Collector.Tests.Simulator;

public sealed class DeterminismTests
{
    const string Window = "2026-11-22T12:00:00Z";

    static async Task<(string CallLog, string Truth)> SnapshotAsync(SimulatorHost sim)
    {
        var client = new SimulatorClient(sim);
        using var callLog = await client.GetAsync(SimulatorClient.CallLogUrl(Window, SimulatorClient.Start, "?$top=2000"));
        var body = (await callLog.Content.ReadAsStringAsync()).Replace(sim.BaseUrl.ToString(), "BASE/");
        return (body, await sim.Http.GetStringAsync($"sim/truth/calls?from={Window}&to={SimulatorClient.Start}"));
    }

    [Fact]
    public async Task TheSameSeedAndStartGiveTheSameWorld()
    {
        await using var a = await SimulatorClient.StartFrozenAsync();
        await using var b = await SimulatorClient.StartFrozenAsync();
        var first = await SnapshotAsync(a);
        var second = await SnapshotAsync(b);
        Assert.Equal(first.CallLog, second.CallLog);
        Assert.Equal(first.Truth, second.Truth);
        Assert.Contains("MainCallHistoryId", first.CallLog);
    }

    [Fact]
    public async Task AnotherSeedGivesAnotherWorld()
    {
        await using var a = await SimulatorClient.StartFrozenAsync();
        await using var b = await SimulatorHost.StartAsync("--speed", "0", "--start", SimulatorClient.Start, "--seed", "8");
        Assert.NotEqual((await SnapshotAsync(a)).Truth, (await SnapshotAsync(b)).Truth);
    }

    [Fact]
    public async Task TheWorldDoesNotDependOnWhichRequestsLedToIt()
    {
        await using var stepped = await SimulatorClient.StartFrozenAsync();
        await using var jumped = await SimulatorClient.StartFrozenAsync();
        for (var i = 0; i < 6; i++)
        {
            await stepped.AdvanceClockAsync(TimeSpan.FromMinutes(7));
            await stepped.Http.GetStringAsync("sim/truth/live");
        }
        await jumped.AdvanceClockAsync(TimeSpan.FromMinutes(42));
        Assert.Equal(await stepped.Http.GetStringAsync("sim/truth/live"), await jumped.Http.GetStringAsync("sim/truth/live"));
        Assert.Equal(await stepped.Http.GetStringAsync("sim/truth/calls"), await jumped.Http.GetStringAsync("sim/truth/calls"));
    }
}
