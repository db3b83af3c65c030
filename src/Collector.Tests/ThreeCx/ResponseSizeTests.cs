using System.Net;
using System.Text;
using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>One answer from a PBX is read only up to <c>Xapi:MaxResponseBytes</c>: a larger success fails its request, never buffered whole.</summary>
public sealed class ResponseSizeTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    const int Cap = 256 * 1024;

    static (IXapiClient Client, StubPbx Pbx) Build()
    {
        var options = XapiHarness.FastOptions();
        options.MaxResponseBytes = Cap;
        var clock = new ClockDriver(Start) { Ignored = options.RequestTimeout };
        var pbx = new StubPbx(clock);
        return (XapiHarness.Client(XapiHarness.Services(options, clock, pbx)), pbx);
    }

    static string UsersBody(int bytes)
    {
        var head = """{"value":[{"Id":1,"Number":"100","FirstName":"Ann","LastName":" """;
        return head + new string('x', Math.Max(0, bytes - head.Length - 4)) + "\"}]}";
    }

    /// <summary>A body streamed without Content-Length (chunked), so only counting the bytes can stop it.</summary>
    static HttpResponseMessage Streamed(string body) =>
        new(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body))) };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ASuccessAnswerLargerThanTheCapFailsAsMalformedAndSaysWhichSettingCapsIt(bool withContentLength)
    {
        var (client, pbx) = Build();
        var body = UsersBody(Cap + 1);
        pbx.Then("/xapi/v1/Users", withContentLength ? StubPbx.Json(200, body) : Streamed(body));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal(XapiFailureKind.MalformedResponse, error.Kind);
        Assert.Contains($"more than {Cap} bytes (Xapi:MaxResponseBytes)", error.Message);
        Assert.Single(pbx.To("/xapi/v1/Users"));   // not retried
    }

    [Fact]
    public async Task AnAnswerOfExactlyTheCapIsRead()
    {
        var (client, pbx) = Build();
        pbx.Then("/xapi/v1/Users", Streamed(UsersBody(Cap)));

        var users = await client.GetUsersAsync(CancellationToken.None);

        Assert.Equal("100", Assert.Single(users).Number);
    }

    [Fact]
    public async Task AnErrorAnswerOfAnySizeIsReadOnlyForItsStartAndStillMeansItsStatus()
    {
        var (client, pbx) = Build();
        pbx.Then("/xapi/v1/Users", StubPbx.ODataError(403, new string('F', 2 * Cap)));

        var error = await Assert.ThrowsAsync<XapiException>(() => client.GetUsersAsync(CancellationToken.None));

        Assert.Equal((XapiFailureKind.Forbidden, 403), (error.Kind, error.StatusCode));
    }
}
