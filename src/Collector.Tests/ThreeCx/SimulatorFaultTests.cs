using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>Every fault the simulator can inject, and what the client makes of it, over real HTTP.</summary>
public class SimulatorFaultTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse(SimulatorXapi.Start, System.Globalization.CultureInfo.InvariantCulture);
    static readonly CallLogQuery LastHour = new(Now.AddHours(-1), Now);

    /// <summary>A <c>/sim/faults</c> body with one rule; members left null are not sent.</summary>
    static object Rule(string route, int? status = null, int? times = null, int? retryAfterSeconds = null,
        int? delayMs = null, bool? malformed = null, bool? emptyBody = null)
    {
        var rule = new Dictionary<string, object> { ["route"] = route };
        void Add(string name, object? value)
        {
            if (value is not null) rule[name] = value;
        }

        Add("status", status);
        Add("times", times);
        Add("retryAfterSeconds", retryAfterSeconds);
        Add("delayMs", delayMs);
        Add("malformed", malformed);
        Add("emptyBody", emptyBody);
        return new { rules = new[] { rule } };
    }

    static async Task<XapiException> Fails(Func<Task> call) => await Assert.ThrowsAsync<XapiException>(call);

    [Fact]
    public async Task A401OnACallIsHealedByOneNewToken()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Client.AuthenticateAsync(CancellationToken.None);
        await x.Sim.SetFaultsAsync(Rule("users", 401, times: 1));

        var users = await x.Client.GetUsersAsync(CancellationToken.None);

        Assert.NotEmpty(users);
        Assert.Equal(2, x.Traffic.Count("/connect/token"));
        Assert.Equal(2, x.Traffic.Count("/xapi/v1/Users"));
    }

    [Fact]
    public async Task A401ThatPersistsIsUnauthorized()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("activecalls", 401));

        var error = await Fails(() => x.Client.GetActiveCallsAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.Unauthorized, 401, "/xapi/v1/ActiveCalls"), (error.Kind, error.StatusCode, error.Endpoint));
        Assert.Equal(2, x.Traffic.Count("/xapi/v1/ActiveCalls"));
    }

    [Fact]
    public async Task AWrongSecretIsBadCredentials()
    {
        await using var x = await SimulatorXapi.StartAsync();
        var client = x.Services.GetService(typeof(IXapiClientFactory)) is IXapiClientFactory f
            ? f.Create(x.Pbx with { ClientSecret = "wrong-secret" })
            : throw new InvalidOperationException();

        var error = await Fails(() => client.AuthenticateAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.BadCredentials, 401), (error.Kind, error.StatusCode));
        Assert.Equal("The request requires valid user authentication.", error.ServerMessage);
        Assert.Contains("client ID or secret", error.Message);
        Assert.DoesNotContain("wrong-secret", error.ToString());
        Assert.Equal(1, x.Traffic.Count("/connect/token"));
    }

    [Fact]
    public async Task A403IsForbiddenRightAway()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("users", 403));

        var error = await Fails(() => x.Client.GetUsersAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.Forbidden, 403), (error.Kind, error.StatusCode));
        Assert.Contains("Console Restrictions", error.Message);
        Assert.Equal(1, x.Traffic.Count("/xapi/v1/Users"));
    }

    [Fact]
    public async Task A404OnTheCallLogIsEndpointNotFound()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("calllog", 404));

        var error = await Fails(() => x.ReadAllAsync(LastHour));

        Assert.Equal((XapiFailureKind.EndpointNotFound, 404), (error.Kind, error.StatusCode));
        Assert.StartsWith("/xapi/v1/ReportCallLogData/Pbx.GetCallLogData(", error.Endpoint);
        Assert.NotNull(error.ServerMessage);
        Assert.Equal(1, x.Traffic.CallLogPages);
    }

    [Theory]
    [InlineData("ActiveConnections", "/xapi/v1/ActiveCalls")]
    [InlineData("PhoneExtensions", "/xapi/v1/Users")]
    [InlineData("CallLogRecords", "ReportCallLogData/Pbx.GetCallLogData")]
    public async Task RoutesThatV20DoesNotHaveNameTheirReplacement(string route, string replacement)
    {
        await using var x = await SimulatorXapi.StartAsync();
        var client = (XapiClient)x.Client;

        var error = await Fails(() => client.GetRawAsync("xapi/v1/" + route, CancellationToken.None));

        Assert.Equal((XapiFailureKind.EndpointNotFound, 404, "/xapi/v1/" + route), (error.Kind, error.StatusCode, error.Endpoint));
        Assert.Contains(replacement, error.Message);
    }

    [Fact]
    public async Task A429IsWaitedOutAndThenSucceeds()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("queues", 429, times: 1, retryAfterSeconds: 2));

        var queues = await x.Client.GetQueuesAsync(CancellationToken.None);

        Assert.Equal(3, queues.Count);
        Assert.All(queues, q => Assert.NotEmpty(q.Agents));
        Assert.Equal(2, x.Traffic.Count("/xapi/v1/Queues"));
        Assert.Contains(x.Warnings, w => w.Contains("429") && w.Contains("Retry 1 of 3"));
    }

    [Fact]
    public async Task A429ThatNeverEndsIsRateLimited()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.MaxRetries = 2);
        await x.Sim.SetFaultsAsync(Rule("systemstatus", 429, retryAfterSeconds: 1));

        var error = await Fails(() => x.Client.GetSystemStatusAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.RateLimited, 429, TimeSpan.FromSeconds(1)), (error.Kind, error.StatusCode, error.RetryAfter));
        Assert.Equal(3, x.Traffic.Count("/xapi/v1/SystemStatus"));
    }

    [Fact]
    public async Task A500WithAnEmptyBodyIsRetriedALittleThenAServerError()
    {
        await using var x = await SimulatorXapi.StartAsync(o => (o.MaxRetries, o.ServerErrorRetries) = (3, 1));
        await x.Sim.SetFaultsAsync(Rule("calllog", 500, emptyBody: true));

        var error = await Fails(() => x.ReadAllAsync(LastHour));

        Assert.Equal((XapiFailureKind.ServerError, 500, (string?)null), (error.Kind, error.StatusCode, error.ServerMessage));
        Assert.Contains("wrongly typed function parameter", error.Message);
        Assert.Equal(2, x.Traffic.Count("calllog"));
    }

    [Fact]
    public async Task A503WithAnEmptyBodyIsRetriedUntilThePbxRecovers()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.MaxRetries = 3);
        await x.Sim.SetFaultsAsync(Rule("calllog", 503, times: 3, emptyBody: true));

        var rows = await x.ReadAllAsync(LastHour);

        Assert.NotEmpty(rows);
        Assert.Equal((await x.RawCallLogAsync(LastHour.PeriodFrom, LastHour.PeriodTo)).Count, rows.Count);
        Assert.Equal(3, x.Traffic.Statuses.Count(s => s == 503));
    }

    [Fact]
    public async Task ASlowResponseTimesOutIsRetriedAndThenReportedAsTimeout()
    {
        // The timeout also bounds the token request before the fault is set: 2 s, so a loaded machine does not time that out.
        await using var x = await SimulatorXapi.StartAsync(o => (o.RequestTimeout, o.MaxRetries) = (TimeSpan.FromSeconds(2), 1));
        await x.Client.AuthenticateAsync(CancellationToken.None);
        await x.Sim.SetFaultsAsync(Rule("activecalls", delayMs: 8000));

        var error = await Fails(() => x.Client.GetActiveCallsAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.Timeout, error.Kind);
        Assert.Contains("did not answer /xapi/v1/ActiveCalls within 2 s", error.Message);
        Assert.Equal(2, x.Traffic.Count("/xapi/v1/ActiveCalls"));
    }

    [Fact]
    public async Task ASlowResponseWithinTheTimeoutIsFine()
    {
        await using var x = await SimulatorXapi.StartAsync(o => o.RequestTimeout = TimeSpan.FromSeconds(5));
        await x.Sim.SetFaultsAsync(Rule("systemstatus", delayMs: 200, times: 1));

        Assert.NotNull((await x.Client.GetSystemStatusAsync(CancellationToken.None)).Version);
    }

    [Fact]
    public async Task MalformedJsonIsAMalformedResponse()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("calllog", malformed: true));

        var error = await Fails(() => x.ReadAllAsync(LastHour));

        Assert.Equal((XapiFailureKind.MalformedResponse, 200), (error.Kind, error.StatusCode));
        Assert.Equal(1, x.Traffic.Count("calllog"));
    }

    [Fact]
    public async Task ATokenRouteOutageIsRetriedLikeAnyOther()
    {
        await using var x = await SimulatorXapi.StartAsync();
        await x.Sim.SetFaultsAsync(Rule("token", 503, times: 2, emptyBody: true));

        var info = await x.Client.AuthenticateAsync(CancellationToken.None);

        Assert.True(info.ExpiresAt > DateTimeOffset.UtcNow);
        Assert.Equal(3, x.Traffic.Count("/connect/token"));
    }

    [Fact]
    public async Task RepeatedOutagesOpenThePbxCircuit()
    {
        await using var x = await SimulatorXapi.StartAsync(o =>
            (o.MaxRetries, o.CircuitBreakerMinimumThroughput, o.CircuitBreakerBreakDuration) = (1, 4, TimeSpan.FromMinutes(5)));
        await x.Client.AuthenticateAsync(CancellationToken.None);
        await x.Sim.SetFaultsAsync(Rule("*", 503, emptyBody: true));

        await Fails(() => x.Client.GetActiveCallsAsync(CancellationToken.None));
        await Fails(() => x.Client.GetActiveCallsAsync(CancellationToken.None));
        var error = await Fails(() => x.Client.GetActiveCallsAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.CircuitOpen, error.Kind);
        Assert.Equal(3, x.Traffic.Count("/xapi/v1/ActiveCalls"));
        Assert.Contains(x.Warnings, w => w.Contains("Circuit for PBX sim opened"));
    }
}
