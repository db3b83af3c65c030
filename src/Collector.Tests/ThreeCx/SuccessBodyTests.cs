using System.Net;
using System.Text;
using Collector.Security;
using Collector.ThreeCx.Http;

namespace Collector.Tests.ThreeCx;

/// <summary>A successful answer's body is parsed once, by its reader; only an error answer's body is read for a message.</summary>
public class SuccessBodyTests
{
    static readonly Uri Pbx = new("https://pbx.example.com:5001/");
    static readonly XapiCall Users = XapiCall.For(new Uri(Pbx, "xapi/v1/Users"), "xapi/v1/Users");

    /// <summary>A large Users answer (about 1 MB) that also carries an <c>error</c> member, as no real answer does.</summary>
    static readonly byte[] LargeBody = Encoding.UTF8.GetBytes(
        "{\"error\":{\"message\":\"not an error\"},\"value\":[" + string.Join(',', Enumerable.Range(0, 8000).Select(i => $"{{\"Id\":{i},\"Number\":\"{1000 + i}\",\"FirstName\":\"Agent number {i} of the large call centre\"}}")) + "]}");

    [Fact]
    public void ASuccessfulAnswerIsNotParsedForAnErrorMessage()
    {
        using var ok = new HttpResponseMessage(HttpStatusCode.OK);
        var secrets = new SecretRegistry();
        _ = XapiTransport.FailureOf(ok, LargeBody, Users, secrets, TimeProvider.System);   // JIT and first-use allocations out of the way

        var before = GC.GetAllocatedBytesForCurrentThread();
        var failure = XapiTransport.FailureOf(ok, LargeBody, Users, secrets, TimeProvider.System);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Null(failure);
        // Parsing the body (a JsonDocument over a copy of it) would allocate at least its size.
        Assert.True(allocated < LargeBody.Length / 10, $"{allocated} bytes allocated for a {LargeBody.Length}-byte body");
    }

    [Fact]
    public void AnErrorAnswerStillCarriesThePbxsMessage()
    {
        using var notFound = new HttpResponseMessage(HttpStatusCode.NotFound);
        var body = Encoding.UTF8.GetBytes("""{"error":{"code":"404","message":"No route for ActiveConnections"}}""");

        var failure = XapiTransport.FailureOf(notFound, body, Users, new SecretRegistry(), TimeProvider.System);

        Assert.NotNull(failure);
        Assert.Equal("No route for ActiveConnections", failure.ServerMessage);
    }
}
