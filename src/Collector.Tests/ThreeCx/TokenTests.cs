using System.Net;
using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.ThreeCx;

public class TokenTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    const string Token = "/connect/token";
    const string Users = "/xapi/v1/Users";

    static (IXapiClient Client, StubPbx Pbx, ClockDriver Clock, FakeLogCollector Logs) Build(Action<XapiOptions>? configure = null)
    {
        var options = XapiHarness.FastOptions();
        configure?.Invoke(options);
        var clock = new ClockDriver(Start) { Ignored = options.RequestTimeout };
        var pbx = new StubPbx(clock);
        var logs = new FakeLogCollector();
        return (XapiHarness.Client(XapiHarness.Services(options, clock, pbx, logs: new FakeLoggerProvider(logs))), pbx, clock, logs);
    }

    [Fact]
    public async Task TheTokenRequestIsAClientCredentialsFormPost()
    {
        var (client, pbx, _, _) = Build();

        var info = await client.AuthenticateAsync(CancellationToken.None);

        var request = Assert.Single(pbx.Requests);
        Assert.Equal(("POST", Token), (request.Method, request.Path));
        Assert.Equal("client_id=collector&client_secret=s3cr3t-value&grant_type=client_credentials", request.Form);
        Assert.Equal(Start.AddSeconds(60), info.ExpiresAt);
    }

    [Fact]
    public async Task OneTokenServesCallsUntilAMarginBeforeItExpires()
    {
        var (client, pbx, clock, _) = Build(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(10));

        await client.GetUsersAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(49));
        await client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(1, pbx.TokensIssued);

        clock.Advance(TimeSpan.FromSeconds(1));
        await client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(2, pbx.TokensIssued);
        Assert.Equal(["token-1", "token-1", "token-2"], pbx.To(Users).Select(r => r.Bearer));
    }

    [Fact]
    public async Task AnEarlierJwtExpiryWinsOverExpiresIn()
    {
        var (client, pbx, clock, _) = Build(o => o.TokenRefreshMargin = TimeSpan.FromSeconds(5));
        pbx.TokenLifetimeSeconds = 3600;
        pbx.JwtExp = Start.AddSeconds(30);

        var info = await client.AuthenticateAsync(CancellationToken.None);
        Assert.Equal(Start.AddSeconds(30), info.ExpiresAt);

        clock.Advance(TimeSpan.FromSeconds(25));
        pbx.JwtExp = Start.AddSeconds(90);
        await client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(2, pbx.TokensIssued);
    }

    [Fact]
    public async Task AJwtExpiryInThePastIsClockSkewAndIgnored()
    {
        var (client, pbx, _, _) = Build();
        pbx.JwtExp = Start.AddMinutes(-5);

        var info = await client.AuthenticateAsync(CancellationToken.None);

        Assert.Equal(Start.AddSeconds(60), info.ExpiresAt);
    }

    [Fact]
    public async Task TheMarginIsAtMostHalfAShortLifetime()
    {
        var (client, pbx, clock, _) = Build(o => o.TokenRefreshMargin = TimeSpan.FromMinutes(5));
        pbx.TokenLifetimeSeconds = 20;

        await client.GetUsersAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(9));
        await client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(1, pbx.TokensIssued);
        clock.Advance(TimeSpan.FromSeconds(1));
        await client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(2, pbx.TokensIssued);
    }

    [Fact]
    public async Task AJwtExpiryIsReadOnThePbxClockSoASlowPbxClockDoesNotShortenTheToken()
    {
        var (client, pbx, _, _) = Build();
        // The PBX's clock is 50 s behind ours: it issues a 60 s token whose exp is its own now + 60 s.
        var pbxNow = Start.AddSeconds(-50);
        static string Part(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwt = $"{Part("""{"alg":"none"}""")}.{Part($$"""{"exp":{{pbxNow.AddSeconds(60).ToUnixTimeSeconds()}}}""")}.sig";
        var answer = StubPbx.Json(200, $$"""{"access_token":"{{jwt}}","expires_in":60}""");
        answer.Headers.Date = pbxNow;
        pbx.Then(Token, answer);

        var info = await client.AuthenticateAsync(CancellationToken.None);

        Assert.Equal(Start.AddSeconds(60), info.ExpiresAt);
    }

    [Fact]
    public async Task ThePbxClockOffsetComesFromTheDateHeader()
    {
        var (client, pbx, _, _) = Build();
        var answer = StubPbx.Json(200, """{"access_token":"t","expires_in":60}""");
        answer.Headers.Date = Start.AddMinutes(3);
        pbx.Then(Token, answer);

        var info = await client.AuthenticateAsync(CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(3), info.ServerClockOffset);
    }

    [Fact]
    public async Task A401OnACallRefreshesTheTokenOnceAndRetriesOnce()
    {
        var (client, pbx, _, logs) = Build();
        pbx.Then(Users, StubPbx.Status(401));

        await client.GetUsersAsync(CancellationToken.None);

        Assert.Equal(2, pbx.TokensIssued);
        Assert.Equal(["token-1", "token-2"], pbx.To(Users).Select(r => r.Bearer));
        Assert.Contains(logs.GetSnapshot(), l => l.Text().Contains("answered 401 on /xapi/v1/Users; fetching a new token"));
    }

    [Fact]
    public async Task A401WithAFreshTokenIsUnauthorized()
    {
        var (client, pbx, _, _) = Build();
        pbx.Then(Users, StubPbx.Status(401)).Then(Users, StubPbx.Status(401)).Then(Users, StubPbx.Status(401));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.Unauthorized, 401, "/xapi/v1/Users"), (error.Kind, error.StatusCode, error.Endpoint));
        Assert.Equal(2, pbx.To(Users).Count());
        Assert.Equal(2, pbx.TokensIssued);
    }

    [Fact]
    public async Task A401OnTheTokenEndpointIsBadCredentialsAndNotRetried()
    {
        var (client, pbx, _, logs) = Build();
        pbx.Then(Token, StubPbx.Json(401, XapiTestData.Text("token-error.json")));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.BadCredentials, 401, "/connect/token"), (error.Kind, error.StatusCode, error.Endpoint));
        Assert.Equal("The request requires valid user authentication.", error.ServerMessage);
        Assert.Single(pbx.Requests);
        Assert.DoesNotContain("s3cr3t-value", error.ToString());
        Assert.DoesNotContain(logs.GetSnapshot(), l => l.Text().Contains("s3cr3t-value"));
    }

    [Fact]
    public async Task ConcurrentCallsShareOneTokenFetch()
    {
        var (client, pbx, _, _) = Build();
        var release = new TaskCompletionSource();
        var fetching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pbx.Then(Token, async _ =>
        {
            fetching.TrySetResult();
            await release.Task;
            return StubPbx.Json(200, """{"access_token":"only","expires_in":60}""");
        });

        // All eight calls start before the token fetch can finish: it is held until the PBX has the token request.
        var calls = Enumerable.Range(0, 8).Select(_ => client.GetUsersAsync(CancellationToken.None)).ToList();
        await fetching.Task.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Single(pbx.To(Token));
        Assert.All(pbx.To(Users), r => Assert.Equal("only", r.Bearer));
    }

    [Fact]
    public async Task ConcurrentCallsRejectedTogetherFetchOneNewToken()
    {
        var (client, pbx, _, _) = Build();
        await client.AuthenticateAsync(CancellationToken.None);
        pbx.Default = request => Task.FromResult(request.Headers.Authorization?.Parameter == "token-1"
            ? StubPbx.Status(401)
            : StubPbx.Json(200, """{"value":[]}"""));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.GetUsersAsync(CancellationToken.None)));

        Assert.Equal(2, pbx.TokensIssued);
    }

    [Fact]
    public async Task NeitherTokenNorSecretIsEverLogged()
    {
        var (client, pbx, clock, logs) = Build(o => o.MaxRetries = 1);
        pbx.Then(Users, StubPbx.Status(401)).Then(Users, StubPbx.Status(503, retryAfter: TimeSpan.FromSeconds(2)));
        var users = client.GetUsersAsync(CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(2), await clock.NextDelayAsync()); // the retry waits as the PBX asked
        clock.Advance(TimeSpan.FromSeconds(2));
        await users;

        Assert.NotEmpty(logs.GetSnapshot());
        Assert.DoesNotContain(logs.GetSnapshot(), l => l.Text().Contains("token-1") || l.Text().Contains("token-2") || l.Text().Contains("s3cr3t"));
        Assert.DoesNotContain("s3cr3t", XapiHarness.Pbx.ToString());
    }

    [Fact]
    public async Task ATokenAnswerWithoutATokenIsMalformed()
    {
        var (client, pbx, _, _) = Build();
        pbx.Then(Token, StubPbx.Json(200, """{"token_type":"Bearer","expires_in":60}"""));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.AuthenticateAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
    }

    [Fact]
    public async Task ARedirectedTokenRequestIsReportedNotFollowed()
    {
        var (client, pbx, _, _) = Build();
        var redirect = new HttpResponseMessage(HttpStatusCode.MovedPermanently);
        redirect.Headers.Location = new Uri("https://pbx.example.com:5001/connect/token");
        pbx.Then(Token, redirect);

        var error = await Assert.ThrowsAsync<XapiException>(() => client.AuthenticateAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.EndpointNotFound, 301), (error.Kind, error.StatusCode));
        Assert.Contains("https://pbx.example.com:5001", error.Message);
    }
}
