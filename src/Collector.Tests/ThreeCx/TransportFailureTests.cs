using Collector.Tests.Support;
using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>Failures below HTTP, produced for real on the loopback interface.</summary>
public class TransportFailureTests
{
    [Fact]
    public async Task AClosedPortIsANetworkFailureReportedWithoutRetry()
    {
        var (hook, traffic) = TrafficHook.Create();
        await using var services = XapiHarness.Services(SimulatorXapi.FastOptions(), TimeProvider.System, hook: hook);
        var client = XapiHarness.Client(services, XapiHarness.Pbx with { BaseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}/") });

        var error = await Assert.ThrowsAsync<XapiException>(() => client.AuthenticateAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.Network, (int?)null, "/connect/token"), (error.Kind, error.StatusCode, error.Endpoint));
        Assert.Contains("refused the connection", error.Message);
        Assert.Single(traffic.Requests);
    }

    [Fact]
    public async Task HttpsToAPlainHttpPortIsATlsFailure()
    {
        await using var x = await SimulatorXapi.StartAsync();
        var client = XapiHarness.Client(x.Services, x.Pbx with { Name = "tls", BaseUrl = new UriBuilder(x.Sim.BaseUrl) { Scheme = "https" }.Uri });

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.Tls, error.Kind);
        Assert.Contains("TLS handshake with 127.0.0.1", error.Message);
        Assert.Equal(1, x.Traffic.Count("/connect/token"));
    }
}
