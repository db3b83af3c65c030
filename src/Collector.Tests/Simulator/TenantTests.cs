using System.Net;
using Collector.Tests.Support;
using Simulator;
using Simulator.Hosting;

namespace Collector.Tests.Simulator;

public sealed class TenantTests
{
    const string Window = "2026-11-23T06:00:00Z";

    static async Task<string> TruthAsync(SimulatorHost sim) =>
        await sim.Http.GetStringAsync($"sim/truth/calls?from={Window}&to={SimulatorClient.Start}");

    [Fact]
    public async Task EachTenantPlaysItsOwnSeedsWorldWithItsOwnTruth()
    {
        var tenants = await SimulatorHost.StartTenantsAsync(2, "--speed", "0", "--start", SimulatorClient.Start, "--seed", "7");
        await using var first = tenants[0];
        await using var second = tenants[1];
        await using var alone = await SimulatorHost.StartAsync("--speed", "0", "--start", SimulatorClient.Start, "--seed", "8");

        Assert.NotEqual(first.BaseUrl, second.BaseUrl);
        var firstTruth = await TruthAsync(first);
        var secondTruth = await TruthAsync(second);
        Assert.Contains("callId", firstTruth);
        Assert.NotEqual(firstTruth, secondTruth);
        // Tenant 1 is exactly the simulator of seed 7 + 1.
        Assert.Equal(await TruthAsync(alone), secondTruth);
    }

    [Fact]
    public async Task AFaultOrAClockMoveOnOneTenantLeavesTheOtherAlone()
    {
        var tenants = await SimulatorHost.StartTenantsAsync(2, "--speed", "0", "--start", SimulatorClient.Start);
        await using var broken = tenants[0];
        await using var healthy = tenants[1];

        await broken.SetFaultsAsync(new { rules = new object[] { new { route = "users", status = 403 } } });
        var movedTo = await broken.AdvanceClockAsync(TimeSpan.FromMinutes(30));

        using var refused = await new SimulatorClient(broken).GetAsync("xapi/v1/Users");
        using var served = await new SimulatorClient(healthy).GetAsync("xapi/v1/Users");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(DateTimeOffset.Parse(SimulatorClient.Start, System.Globalization.CultureInfo.InvariantCulture), await healthy.NowAsync());
        Assert.Equal(movedTo, await broken.NowAsync());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", 0, "http://127.0.0.1:5080")]
    [InlineData("http://127.0.0.1:5080", 3, "http://127.0.0.1:5083")]
    [InlineData("http://127.0.0.1:5080;http://localhost:6000", 2, "http://127.0.0.1:5082;http://localhost:6002")]
    [InlineData("http://127.0.0.1:0", 5, "http://127.0.0.1:0")]
    public void TenantIListensOnEachGivenPortPlusI(string urls, int tenant, string expected) =>
        Assert.Equal(expected, TenantUrls.For(urls, tenant));

    [Fact]
    public void ATenantPastTheLastPortIsRefusedInOneLine()
    {
        var e = Assert.Throws<ArgumentException>(() => TenantUrls.For("http://127.0.0.1:65535", 1));
        Assert.Contains("65536", e.Message);
    }

    [Fact]
    public void BuildingOneSimulatorWithSeveralTenantsAsksForBuildTenants()
    {
        var e = Assert.Throws<ArgumentException>(() => SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--tenants", "2"]));
        Assert.Contains("BuildTenants", e.Message);
    }
}
