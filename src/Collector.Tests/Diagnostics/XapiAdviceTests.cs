using Collector.Diagnostics;
using Collector.Diagnostics.Pbx;
using Collector.Tests.Support;
using Collector.ThreeCx;

namespace Collector.Tests.Diagnostics;

public sealed class XapiAdviceTests : IDisposable
{
    readonly PbxContexts _contexts = new();

    CheckResult Advise(string step, XapiFailureKind kind, int? status, string endpoint, string message = "The client's message.", string? said = null)
        => XapiAdvice.For(step, new XapiException(kind, message, endpoint, status, said), _contexts.For(new Uri("https://pbx.example.com/")));

    [Theory]
    [InlineData(XapiFailureKind.BadCredentials, 401, "The client secret or client ID is wrong")]
    [InlineData(XapiFailureKind.Unauthorized, 401, "System Owner role")]
    [InlineData(XapiFailureKind.Forbidden, 403, "Console Restrictions")]
    [InlineData(XapiFailureKind.EndpointNotFound, 404, "V20")]
    [InlineData(XapiFailureKind.BadRequest, 400, "report this message")]
    [InlineData(XapiFailureKind.RateLimited, 429, "poll less often")]
    [InlineData(XapiFailureKind.ServerError, 503, "3CX Admin Console → Dashboard")]
    [InlineData(XapiFailureKind.Timeout, null, "Xapi__RequestTimeout")]
    [InlineData(XapiFailureKind.Tls, null, "certificate")]
    [InlineData(XapiFailureKind.Network, null, "firewall")]
    [InlineData(XapiFailureKind.MalformedResponse, 200, "proxy")]
    [InlineData(XapiFailureKind.CircuitOpen, null, "fix the failures above")]
    public void EveryFailureKindFailsTheStepWithAFixInPlainWords(XapiFailureKind kind, int? status, string fixMentions)
    {
        var result = Advise("users", kind, status, "/xapi/v1/Users");

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.Contains(fixMentions, result.Fix);
        Assert.False(string.IsNullOrWhiteSpace(result.Verdict));
    }

    [Theory]
    [InlineData("active calls", "/xapi/v1/ActiveCalls (V20 has no ActiveConnections)")]
    [InlineData("users", "/xapi/v1/Users (V20 has no PhoneExtensions)")]
    [InlineData("call log", "/xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) (V20 has no CallLogRecords or CallLogData)")]
    public void AMissingEndpointNamesTheRightV20EndpointForTheStep(string step, string rightEndpoint)
    {
        var result = Advise(step, XapiFailureKind.EndpointNotFound, 404, "/xapi/v1/Whatever",
            "/xapi/v1/Whatever does not exist on this PBX (404). The PBX said: Resource not found for the segment.");

        Assert.StartsWith($"The collector uses V20's {rightEndpoint}.", result.Fix);
        Assert.Equal("/xapi/v1/Whatever does not exist on this PBX (404). The PBX said: Resource not found for the segment.", result.Verdict);
    }

    [Fact]
    public void TheVerdictIsTheClientsOwnWordsFromTheOneStatusTableNotASecondText()
    {
        var forbidden = Collector.ThreeCx.Resilience.XapiOutcomePolicy.ForStatus(System.Net.HttpStatusCode.Forbidden,
            new Collector.ThreeCx.Http.XapiCall("/xapi/v1/Users", "Users", IsToken: false, IsFunction: false, Host: "pbx.example.com"), null)!;

        var result = XapiAdvice.For("users", forbidden, _contexts.For(new Uri("https://pbx.example.com/")));

        Assert.Equal(forbidden.Message, result.Verdict);
        Assert.Contains("System Owner role", result.Fix);
    }

    [Fact]
    public void FunctionParametersAreShortenedInTheVerdict()
    {
        var result = Advise("call log", XapiFailureKind.ServerError, 500, "/x",
            "The PBX failed with 500 on /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-01-01T00:00:00Z,hidePcalls=true).");

        Assert.Equal("The PBX failed with 500 on /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…).", result.Verdict);
    }

    public void Dispose() => _contexts.Dispose();
}
