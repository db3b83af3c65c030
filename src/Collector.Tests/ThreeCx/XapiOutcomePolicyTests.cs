using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Collector.ThreeCx;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Resilience;

namespace Collector.Tests.ThreeCx;

public class XapiOutcomePolicyTests
{
    static readonly Uri Pbx = new("https://pbx.example.com:5001/");

    static XapiCall Call(string relative) => XapiCall.For(new Uri(Pbx, relative), relative);

    static readonly XapiCall Users = Call("xapi/v1/Users?$select=Id");
    static readonly XapiCall Token = Call("connect/token");
    static readonly XapiCall CallLog = Call("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-09-12T00:00:00Z)?$top=1");

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    public void SuccessIsNoFailure(int status) => Assert.Null(XapiOutcomePolicy.ForStatus((HttpStatusCode)status, Users, null));

    [Theory]
    [InlineData(301, XapiFailureKind.EndpointNotFound, "Never")]
    [InlineData(400, XapiFailureKind.BadRequest, "Never")]
    [InlineData(401, XapiFailureKind.Unauthorized, "Never")]
    [InlineData(403, XapiFailureKind.Forbidden, "Never")]
    [InlineData(404, XapiFailureKind.EndpointNotFound, "Never")]
    [InlineData(405, XapiFailureKind.BadRequest, "Never")]
    [InlineData(408, XapiFailureKind.Timeout, "Full")]
    [InlineData(409, XapiFailureKind.BadRequest, "Never")]
    [InlineData(422, XapiFailureKind.BadRequest, "Never")]
    [InlineData(429, XapiFailureKind.RateLimited, "Full")]
    [InlineData(500, XapiFailureKind.ServerError, "Limited")]
    [InlineData(501, XapiFailureKind.ServerError, "Full")]
    [InlineData(502, XapiFailureKind.ServerError, "Full")]
    [InlineData(503, XapiFailureKind.ServerError, "Full")]
    [InlineData(504, XapiFailureKind.Timeout, "Full")]
    [InlineData(599, XapiFailureKind.ServerError, "Full")]
    [InlineData(101, XapiFailureKind.ServerError, "Never")]
    public void EveryStatusHasADecidedOutcome(int status, XapiFailureKind kind, string retry)
    {
        var failure = XapiOutcomePolicy.ForStatus((HttpStatusCode)status, Users, null)!;

        Assert.Equal((kind, retry, status, "/xapi/v1/Users"), (failure.Kind, failure.Retry.ToString(), failure.StatusCode, failure.Endpoint));
        Assert.Contains("/xapi/v1/Users", failure.Message);
    }

    [Fact]
    public void A401OnTheTokenEndpointMeansTheSecretIsWrong()
    {
        var failure = XapiOutcomePolicy.ForStatus(HttpStatusCode.Unauthorized, Token, "The request requires valid user authentication.")!;

        Assert.Equal(XapiFailureKind.BadCredentials, failure.Kind);
        Assert.Contains("client ID or secret", failure.Message);
        Assert.Equal("The request requires valid user authentication.", failure.ServerMessage);
    }

    [Theory]
    [InlineData("invalid_client", XapiFailureKind.BadCredentials)]
    [InlineData("invalid_grant", XapiFailureKind.BadCredentials)]
    [InlineData("unsupported_grant_type", XapiFailureKind.BadRequest)]
    [InlineData(null, XapiFailureKind.BadRequest)]
    public void A400OnTheTokenEndpointIsBadCredentialsOnlyForAClientError(string? oauthError, XapiFailureKind kind) =>
        Assert.Equal(kind, XapiOutcomePolicy.ForStatus(HttpStatusCode.BadRequest, Token, null, oauthError)!.Kind);

    [Fact]
    public void A403SaysRoleOrConsoleRestrictions() =>
        Assert.Contains("its role is too low, or Console Restrictions block this machine",
            XapiOutcomePolicy.ForStatus(HttpStatusCode.Forbidden, Users, null)!.Message);

    [Theory]
    [InlineData("xapi/v1/ActiveConnections", "/xapi/v1/ActiveCalls")]
    [InlineData("xapi/v1/PhoneExtensions?$top=5", "/xapi/v1/Users")]
    [InlineData("xapi/v1/CallLogRecords", "ReportCallLogData/Pbx.GetCallLogData")]
    [InlineData("xapi/v1/CallLogData", "ReportCallLogData/Pbx.GetCallLogData")]
    [InlineData("xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-09-12T00:00:00Z)", "missing, malformed or out of order")]
    [InlineData("connect/token", "Is BaseUrl the PBX's web address")]
    public void A404NamesTheEndpointAndWhatToUseInstead(string relative, string hint)
    {
        var failure = XapiOutcomePolicy.ForStatus(HttpStatusCode.NotFound, Call(relative), null)!;

        Assert.Equal(XapiFailureKind.EndpointNotFound, failure.Kind);
        Assert.StartsWith("/" + relative.Split('?')[0], failure.Message);
        Assert.Contains(hint, failure.Message);
    }

    [Fact]
    public void A500OnAFunctionMentionsAWronglyTypedParameter()
    {
        Assert.Contains("wrongly typed function parameter", XapiOutcomePolicy.ForStatus(HttpStatusCode.InternalServerError, CallLog, null)!.Message);
        Assert.DoesNotContain("function parameter", XapiOutcomePolicy.ForStatus(HttpStatusCode.InternalServerError, Users, null)!.Message);
    }

    [Fact]
    public void TheServerMessageAndRetryAfterAreKept()
    {
        var failure = XapiOutcomePolicy.ForStatus(HttpStatusCode.TooManyRequests, Users, "slow down", retryAfter: TimeSpan.FromSeconds(7))!;

        Assert.Equal(("slow down", TimeSpan.FromSeconds(7)), (failure.ServerMessage, failure.RetryAfter));
        Assert.EndsWith("The PBX said: slow down", failure.Message);
    }

    [Fact]
    public void ARedirectSaysWhereTo()
    {
        var failure = XapiOutcomePolicy.ForStatus(HttpStatusCode.MovedPermanently, Users, null, redirectTo: new Uri("https://pbx.example.com:5001/xapi/v1/Users"))!;
        Assert.Contains("https://pbx.example.com:5001", failure.Message);
    }

    public static TheoryData<Exception, XapiFailureKind, string> TransportErrors() => new()
    {
        { new HttpRequestException(HttpRequestError.NameResolutionError, "No such host is known.", new SocketException((int)SocketError.HostNotFound)), XapiFailureKind.Network, "Never" },
        { new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)), XapiFailureKind.Network, "Never" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "reset", new SocketException((int)SocketError.ConnectionReset)), XapiFailureKind.Network, "Full" },
        { new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), XapiFailureKind.Network, "Full" },
        { new IOException("Unable to read data from the transport connection."), XapiFailureKind.Network, "Full" },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established.", new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot")), XapiFailureKind.Tls, "Never" },
    };

    [Theory]
    [MemberData(nameof(TransportErrors))]
    public void TransportErrorsAreNetworkOrTls(Exception error, XapiFailureKind kind, string retry)
    {
        var failure = XapiOutcomePolicy.ForTransportError(error, Users);

        Assert.Equal((kind, retry, (int?)null), (failure.Kind, failure.Retry.ToString(), failure.StatusCode));
        Assert.Contains("pbx.example.com:5001", failure.Message);
        Assert.Same(error, failure.InnerException);
    }

    [Fact]
    public void OnlyHealthFailuresCountTowardsTheCircuit()
    {
        Assert.True(XapiOutcomePolicy.IsHealthFailure(XapiOutcomePolicy.ForStatus(HttpStatusCode.ServiceUnavailable, Users, null)));
        Assert.True(XapiOutcomePolicy.IsHealthFailure(new Polly.Timeout.TimeoutRejectedException()));
        Assert.False(XapiOutcomePolicy.IsHealthFailure(XapiOutcomePolicy.ForStatus(HttpStatusCode.Forbidden, Users, null)));
        Assert.False(XapiOutcomePolicy.IsHealthFailure(XapiOutcomePolicy.ForStatus(HttpStatusCode.NotFound, Users, null)));
        Assert.False(XapiOutcomePolicy.IsHealthFailure(new InvalidOperationException()));
    }
}
