using System.Text.Json;
using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>
/// The XAPI client is where the PBX's text enters the collector's messages: what it puts in an <see cref="XapiException"/>
/// is cut to <see cref="Collector.Security.OutsideText.MaxLength"/> and never shows the client secret or a token, even
/// when the PBX (or a proxy, or an error page) echoes the request back.
/// </summary>
public sealed class OutsideTextBoundaryTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    const string Secret = "s3cr3t-value";   // XapiHarness.Pbx's

    static (IXapiClient Client, StubPbx Pbx) Build()
    {
        var options = XapiHarness.FastOptions();
        options.MaxRetries = 0;
        var clock = new ClockDriver(Start) { Ignored = options.RequestTimeout };
        var pbx = new StubPbx(clock);
        return (XapiHarness.Client(XapiHarness.Services(options, clock, pbx)), pbx);
    }

    static HttpResponseMessage Echo(int status, HttpRequestMessage request, string form) =>
        StubPbx.ODataError(status, $"Bad request. Echo: {request.Method} {request.RequestUri!.PathAndQuery} Authorization: {request.Headers.Authorization} Body: {form}");

    [Fact]
    public async Task ATokenErrorThatEchoesTheFormBodyDoesNotShowTheClientSecret()
    {
        var (client, pbx) = Build();
        pbx.Then("/connect/token", async request => Echo(400, request, await request.Content!.ReadAsStringAsync()));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.AuthenticateAsync(CancellationToken.None));

        Assert.Contains("client_secret=***", error.Message);
        Assert.DoesNotContain(Secret, error.Message);
        Assert.DoesNotContain(Secret, error.ServerMessage);
    }

    [Fact]
    public async Task AnApiErrorThatEchoesTheAuthorizationHeaderDoesNotShowTheToken()
    {
        var (client, pbx) = Build();
        pbx.Then("/xapi/v1/Users", request => Task.FromResult(Echo(403, request, "")));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal("token-1", Assert.Single(pbx.To("/xapi/v1/Users")).Bearer);
        Assert.Contains("Authorization: Bearer ***", error.Message);
        Assert.DoesNotContain("token-1", error.Message);
    }

    [Fact]
    public async Task AHugeErrorMessageIsCutToTheCap()
    {
        var (client, pbx) = Build();
        pbx.Then("/xapi/v1/Users", StubPbx.ODataError(500, new string('E', 60_000)));   // within the 64 KiB of an error answer that is read

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal(Collector.Security.OutsideText.MaxLength, error.ServerMessage!.Length);
        Assert.True(error.Message.Length < 600, $"{error.Message.Length} chars");
    }

    [Fact]
    public async Task ACallLogRowWithATenMegabyteStartTimeFailsWithAShortMessage()
    {
        var (client, pbx) = Build();
        var huge = "2026-11-23T09:00:00" + new string('9', 10 * 1024 * 1024);
        pbx.Default = _ => Task.FromResult(StubPbx.Json(200, $$"""{"value":[{"CdrId":"a","StartTime":{{JsonSerializer.Serialize(huge)}}}]}"""));

        var error = await Assert.ThrowsAsync<XapiException>(async () =>
        {
            await foreach (var _ in client.GetCallLogAsync(new CallLogQuery(Start.AddHours(-1), Start), CancellationToken.None)) { }
        });

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
        Assert.True(error.Message.Length < 600, $"{error.Message.Length} chars");
        Assert.Contains($"({huge.Length} bytes)", error.Message);
        Assert.True(error.ToString().Length < 10_000, "the inner exception still carries the whole value");
    }
}
