using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class ClockTests
{
    [Fact]
    public async Task TheClockStartsAtTheStartAndMovesOnlyForward()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        Assert.Equal(DateTimeOffset.Parse(SimulatorClient.Start), await sim.NowAsync());
        await sim.AdvanceClockAsync(TimeSpan.FromSeconds(90));
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T10:01:30Z"), await sim.NowAsync());

        using var to = await sim.Http.PostAsJsonAsync("sim/clock", new { to = "2026-11-23T12:00:00Z" });
        using (var doc = JsonDocument.Parse(await to.Content.ReadAsStringAsync()))
            Assert.Equal("2026-11-23T12:00:00Z", doc.RootElement.GetProperty("now").GetString());
        using var back = await sim.Http.PostAsJsonAsync("sim/clock", new { to = "2026-11-23T11:00:00Z" });
        Assert.Equal(HttpStatusCode.BadRequest, back.StatusCode);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T12:00:00Z"), await sim.NowAsync());
    }

    [Fact]
    public async Task SpeedCanBeChangedAndIsReported()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await sim.Http.PostAsJsonAsync("sim/clock", new { speed = 60 });
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(60, doc.RootElement.GetProperty("speed").GetDouble());
        using var frozen = await sim.Http.PostAsJsonAsync("sim/clock", new { speed = 0 });
        var a = await sim.NowAsync();
        Assert.Equal(a, await sim.NowAsync());
        Assert.True(a >= DateTimeOffset.Parse(SimulatorClient.Start));
    }

    [Fact]
    public async Task LiveStateFollowsTheClock()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var before = await client.TruthLiveAsync();
        await sim.AdvanceClockAsync(TimeSpan.FromHours(12));
        var after = await client.TruthLiveAsync();
        Assert.Equal("2026-11-23T22:00:00Z", after.GetProperty("now").GetString());
        Assert.NotEqual(before.GetProperty("agents").ToString(), after.GetProperty("agents").ToString());
    }
}
