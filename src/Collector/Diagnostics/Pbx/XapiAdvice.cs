using System.Text.RegularExpressions;
using Collector.ThreeCx;

namespace Collector.Diagnostics.Pbx;

/// <summary>
/// Turns an <see cref="XapiException"/> into a check row: the client's plain-language message as the verdict and,
/// by <see cref="XapiFailureKind"/>, the fix a 3CX administrator can act on.
/// </summary>
internal static partial class XapiAdvice
{
    const string Licence = "3CX XAPI needs an Enterprise licence.";

    public static CheckResult For(string step, Exception error, PbxCheckContext context)
    {
        if (error is not XapiException x)
            return CheckResult.Fail(step, $"Unexpected error: {Security.OutsideText.Bound(error.Message)}", "Run check again; if it persists, report it with this message.");

        var fix = x.Kind switch
        {
            XapiFailureKind.BadCredentials =>
                $"The client secret or client ID is wrong: in the 3CX Admin Console → Integrations → API, check the Client ID " +
                $"({context.Pbx.ClientId}), regenerate the API key and set {context.EnvKey("ClientSecret")}; make sure " +
                $"'XAPI Access Enabled' is ticked. {Licence}",
            XapiFailureKind.Unauthorized =>
                $"In the 3CX Admin Console → Integrations → API, give the API client the System Owner role and tick 'XAPI Access Enabled'. {Licence}",
            XapiFailureKind.Forbidden =>
                "In the 3CX Admin Console → Integrations → API, give the API client the System Owner role (System Admin is not " +
                $"enough for the reports), and check that Console Restrictions allow this machine's IP address. {Licence}",
            XapiFailureKind.EndpointNotFound =>
                $"The collector uses V20's {RightEndpoint(step)}. A 404 there means the PBX is not 3CX V20 (update to 20.0.6 or " +
                $"later) or {context.EnvKey("BaseUrl")} is not the PBX's web address.",
            XapiFailureKind.BadRequest =>
                "The PBX rejected the collector's request; report this message (another 3CX build may expect other parameters).",
            XapiFailureKind.RateLimited =>
                "Another program may share this API client or the PBX is busy: wait a minute and run check again, or poll less " +
                "often (Schedules__LiveSnapshotInterval).",
            XapiFailureKind.ServerError =>
                "3CX's web service failed: check the services in the 3CX Admin Console → Dashboard and try again.",
            XapiFailureKind.Timeout =>
                "The PBX or the network path is slow or blocked: check the PBX's load, firewalls and proxies, or raise Xapi__RequestTimeout.",
            XapiFailureKind.Tls =>
                $"Fix the PBX's certificate (see the tls row): renew it, use the name it was issued for in {context.EnvKey("BaseUrl")}, or trust its CA on this machine or in {context.EnvKey("CaCertificateFile")}.",
            XapiFailureKind.Network =>
                $"Check {context.EnvKey("BaseUrl")} (host and port: 3CX serves https on 443 or 5001), that the PBX is running, and that no firewall blocks this machine.",
            XapiFailureKind.MalformedResponse =>
                $"Something other than 3CX may be answering (a proxy, a captive portal, a wrong port): check {context.EnvKey("BaseUrl")}.",
            _ => "Too many failures in a row paused the calls to this PBX: fix the failures above and run check again.",
        };
        return CheckResult.Fail(step, Verdict(x), fix);
    }

    /// <summary>
    /// The verdict is the client's own message, which <c>XapiOutcomePolicy</c> (the one table of what each status means)
    /// wrote; only a function call's parameters are shortened (<c>…/Pbx.GetCallLogData(…)</c>). This class adds the fix.
    /// </summary>
    static string Verdict(XapiException x) => ShortFunctionCalls().Replace(x.Message, "(…)");

    [GeneratedRegex(@"\([^()]*=[^()]*\)")]
    private static partial Regex ShortFunctionCalls();

    /// <summary>The V20 route each step reads, and the legacy names users try instead.</summary>
    public static string RightEndpoint(string step) => step switch
    {
        PbxSteps.CallLog => "/xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) (V20 has no CallLogRecords or CallLogData)",
        PbxSteps.ActiveCalls => "/xapi/v1/ActiveCalls (V20 has no ActiveConnections)",
        PbxSteps.Users => "/xapi/v1/Users (V20 has no PhoneExtensions)",
        PbxSteps.Queues => "/xapi/v1/Queues?$expand=Agents",
        PbxSteps.SystemStatus => "/xapi/v1/SystemStatus",
        PbxSteps.Version => "/xapi/v1/Defs and /xapi/v1/SystemStatus",
        _ => "/connect/token",
    };
}
