using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

public class CircuitBreakerTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    const string Status = "/xapi/v1/SystemStatus";

    static (IXapiClient Client, StubPbx Pbx, ClockDriver Clock, ServiceProviderHolder Services) Build()
    {
        var options = XapiHarness.FastOptions();
        options.MaxRetries = 0;
        options.ServerErrorRetries = 0;
        options.CircuitBreakerMinimumThroughput = 3;
        options.CircuitBreakerFailureRatio = 0.5;
        options.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(30);
        options.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(20);
        var clock = new ClockDriver(Start);
        var pbx = new StubPbx(clock) { TokenLifetimeSeconds = 3600 };
        var services = XapiHarness.Services(options, clock, pbx);
        return (XapiHarness.Client(services), pbx, clock, new(services));
    }

    sealed record ServiceProviderHolder(IServiceProvider Services);

    static async Task<XapiFailureKind?> Call(IXapiClient client)
    {
        try
        {
            await client.GetSystemStatusAsync(CancellationToken.None);
            return null;
        }
        catch (XapiException ex)
        {
            return ex.Kind;
        }
    }

    [Fact]
    public async Task RepeatedServerErrorsOpenTheCircuitAndItHalfOpensAfterTheBreak()
    {
        var (client, pbx, clock, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.Status(503));

        // Token ok (1 success), then two 503s: 2 of 3 failed ≥ 50 % → open.
        Assert.Equal(XapiFailureKind.ServerError, await Call(client));
        Assert.Equal(XapiFailureKind.ServerError, await Call(client));
        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetSystemStatusAsync(CancellationToken.None));
        Assert.Equal(XapiFailureKind.CircuitOpen, error.Kind);
        Assert.Contains("circuit breaker open", error.Message);
        Assert.Equal(2, pbx.To(Status).Count());

        // Still open just before the break ends.
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(XapiFailureKind.CircuitOpen, await Call(client));
        Assert.Equal(2, pbx.To(Status).Count());

        // After the break one call is let through; the PBX recovered, so the circuit closes.
        clock.Advance(TimeSpan.FromSeconds(1));
        pbx.Default = _ => Task.FromResult(StubPbx.Json(200, """{"Version":"20.0.10.1"}"""));
        Assert.Null(await Call(client));
        Assert.Null(await Call(client));
        Assert.Equal(4, pbx.To(Status).Count());
    }

    [Fact]
    public async Task AFailedTrialCallOpensTheCircuitAgain()
    {
        var (client, pbx, clock, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.Status(502));
        await Call(client);
        await Call(client);
        Assert.Equal(XapiFailureKind.CircuitOpen, await Call(client));

        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(XapiFailureKind.ServerError, await Call(client));
        Assert.Equal(XapiFailureKind.CircuitOpen, await Call(client));
        Assert.Equal(3, pbx.To(Status).Count());
    }

    [Fact]
    public async Task ClientErrorsNeverOpenTheCircuit()
    {
        var (client, pbx, _, _) = Build();
        pbx.Default = _ => Task.FromResult(StubPbx.ODataError(403, "Forbidden"));

        for (var i = 0; i < 6; i++)
            Assert.Equal(XapiFailureKind.Forbidden, await Call(client));
        Assert.Equal(6, pbx.To(Status).Count());
    }

    [Fact]
    public async Task EachPbxHasItsOwnCircuit()
    {
        var (client, pbx, _, holder) = Build();
        pbx.Default = request => Task.FromResult(request.RequestUri!.Host == "pbx.example.com"
            ? StubPbx.Status(503)
            : StubPbx.Json(200, """{"Version":"20.0.10.2"}"""));
        await Call(client);
        await Call(client);
        Assert.Equal(XapiFailureKind.CircuitOpen, await Call(client));

        var other = ((IXapiClientFactory)holder.Services.GetService(typeof(IXapiClientFactory))!)
            .Create(XapiHarness.Pbx with { Name = "other", BaseUrl = new Uri("https://other.example.com/") });
        Assert.Null(await Call(other));
    }
}
