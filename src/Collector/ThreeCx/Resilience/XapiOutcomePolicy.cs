using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using Collector.Security;
using Collector.ThreeCx.Http;

namespace Collector.ThreeCx.Resilience;

/// <summary>
/// The one place that decides what every HTTP status and transport error means: success, retry (how much),
/// or fail fast with which <see cref="XapiFailureKind"/> and which plain-language message.
/// <code>
/// 2xx                     ok
/// 3xx                     EndpointNotFound, fail fast (BaseUrl should be the redirect target)
/// 400                     BadRequest, fail fast (the pager lowers $top on 3CX's "limit of 'N' for Top" message);
///                         on /connect/token with an OAuth client error: BadCredentials
/// 401                     /connect/token: BadCredentials; API: Unauthorized (the caller refreshes the token once first)
/// 403                     Forbidden, fail fast: role too low or IP blocked by Console Restrictions
/// 404                     EndpointNotFound, fail fast, naming the V20 replacement of a legacy route
/// 408, 504                Timeout, retried
/// 429                     RateLimited, retried after Retry-After
/// 500                     ServerError, retried a little (a wrongly typed function parameter gives 500)
/// 501–503, 505+           ServerError, retried
/// other 4xx               BadRequest, fail fast
/// DNS failure, refused    Network, fail fast
/// reset, dropped, ended   Network, retried
/// TLS failure             Tls, fail fast
/// unreadable 2xx body     MalformedResponse, fail fast
/// 2xx body over the cap   MalformedResponse, fail fast (Xapi:MaxResponseBytes; not read beyond it)
/// attempt timed out       Timeout (retried by the retry policy)
/// circuit open            CircuitOpen
/// </code>
/// </summary>
internal static class XapiOutcomePolicy
{
    /// <summary>Null when <paramref name="status"/> is a success; otherwise the failure to throw.</summary>
    public static XapiException? ForStatus(
        HttpStatusCode status, XapiCall call, string? serverMessage, string? oauthError = null,
        TimeSpan? retryAfter = null, Uri? redirectTo = null)
    {
        var code = (int)status;
        var said = serverMessage is null ? "" : $" The PBX said: {serverMessage}";
        XapiException Fail(XapiFailureKind kind, string message, XapiRetry retry = XapiRetry.Never) =>
            new(kind, message + said, call.Endpoint, code, serverMessage, retry: retry, retryAfter: retryAfter);

        return code switch
        {
            >= 200 and < 300 => null,
            >= 300 and < 400 => Fail(XapiFailureKind.EndpointNotFound,
                $"{call.Endpoint} answered {code} and redirects to {redirectTo?.GetLeftPart(UriPartial.Authority) ?? "another address"}: set the PBX's BaseUrl to the address it redirects to."),
            400 when call.IsToken && oauthError is "invalid_client" or "unauthorized_client" or "invalid_grant" => BadCredentials(),
            400 => Fail(XapiFailureKind.BadRequest, $"The PBX rejected the request to {call.Endpoint} as invalid (400)."),
            401 when call.IsToken => BadCredentials(),
            401 => Fail(XapiFailureKind.Unauthorized,
                $"3CX refused the token on {call.Endpoint} (401), even a fresh one: the API client's role may be too low for it, or XAPI access is not enabled for the client."),
            403 => Fail(XapiFailureKind.Forbidden,
                $"The API client may not read {call.Endpoint} (403): its role is too low, or Console Restrictions block this machine."),
            404 => Fail(XapiFailureKind.EndpointNotFound, $"{call.Endpoint} does not exist on this PBX (404).{NotFoundHint(call)}"),
            408 => Fail(XapiFailureKind.Timeout, $"The PBX timed out reading the request to {call.Endpoint} (408).", XapiRetry.Full),
            429 => Fail(XapiFailureKind.RateLimited, $"The PBX is rate-limiting requests to {call.Endpoint} (429).", XapiRetry.Full),
            500 => Fail(XapiFailureKind.ServerError,
                $"The PBX failed with 500 on {call.Endpoint}." + (call.IsFunction
                    ? " For a report function this usually means a wrongly typed function parameter."
                    : ""),
                XapiRetry.Limited),
            504 => Fail(XapiFailureKind.Timeout,
                $"The PBX's gateway timed out on {call.Endpoint} (504); the query may be too large: use smaller windows.", XapiRetry.Full),
            >= 500 => Fail(XapiFailureKind.ServerError, $"The PBX failed with {code} on {call.Endpoint}.", XapiRetry.Full),
            >= 400 => Fail(XapiFailureKind.BadRequest, $"The PBX rejected the request to {call.Endpoint} ({code})."),
            _ => Fail(XapiFailureKind.ServerError, $"The PBX answered {call.Endpoint} with the unexpected status {code}."),
        };

        XapiException BadCredentials() => Fail(XapiFailureKind.BadCredentials,
            $"3CX refused the client ID or secret ({code} on {call.Endpoint}).");
    }

    /// <summary>A failure before any status arrived: DNS, connection, TLS, dropped connection. The exception's own text is cut and masked.</summary>
    public static XapiException ForTransportError(Exception error, XapiCall call, SecretRegistry? secrets = null)
    {
        var socket = Find<SocketException>(error);
        var (kind, retry, what) = error switch
        {
            _ when Find<AuthenticationException>(error) is not null
                || error is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } =>
                (XapiFailureKind.Tls, XapiRetry.Never,
                    $"The TLS handshake with {call.Host} failed: check its certificate (expired, self-signed or issued for another name; a self-signed or private CA's certificate is trusted with the PBX's CaCertificateFile) and that BaseUrl uses the right scheme and port."),
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } =>
                (XapiFailureKind.Network, XapiRetry.Never, $"The PBX's host name {call.Host} cannot be resolved (DNS)."),
            _ when socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData =>
                (XapiFailureKind.Network, XapiRetry.Never, $"The PBX's host name {call.Host} cannot be resolved (DNS)."),
            _ when socket?.SocketErrorCode is SocketError.ConnectionRefused =>
                (XapiFailureKind.Network, XapiRetry.Never,
                    $"{call.Host} refused the connection: check the PBX's address and port, and that it is running."),
            _ => (XapiFailureKind.Network, XapiRetry.Full, $"The connection to {call.Host} failed or was dropped."),
        };
        return new XapiException(kind, $"{what} ({OutsideText.Clean(Innermost(error).Message, secrets)})", call.Endpoint, innerException: error, retry: retry);
    }

    /// <summary>A 2xx answer we cannot read; the reader's text (which may quote the body) is cut and masked.</summary>
    public static XapiException ForMalformedBody(Exception error, XapiCall call, SecretRegistry? secrets = null) =>
        new(XapiFailureKind.MalformedResponse,
            $"The PBX answered {call.Endpoint} with a body the collector cannot read: {OutsideText.Clean(error.Message, secrets)}",
            call.Endpoint, 200, innerException: error);

    /// <summary>A 2xx answer longer than <see cref="XapiOptions.MaxResponseBytes"/>: not read beyond that.</summary>
    public static XapiException ForTooLargeBody(XapiCall call, int maxResponseBytes) =>
        new(XapiFailureKind.MalformedResponse,
            $"The PBX answered {call.Endpoint} with more than {maxResponseBytes} bytes (Xapi:MaxResponseBytes); the collector does not read an answer that large. " +
            (call.Route == "ReportCallLogData"
                ? "Lower Xapi:PageSize (rows per call-log page), or raise Xapi:MaxResponseBytes if the PBX's rows are that large."
                : "Check that BaseUrl points at 3CX, or raise Xapi:MaxResponseBytes."),
            call.Endpoint, 200);

    /// <summary>No answer within the per-attempt timeout, after the retries.</summary>
    public static XapiException ForTimeout(XapiCall call, TimeSpan timeout, Exception error) =>
        new(XapiFailureKind.Timeout, $"{call.Host} did not answer {call.Endpoint} within {timeout.TotalSeconds:0.###} s.",
            call.Endpoint, innerException: error, retry: XapiRetry.Full);

    /// <summary>The PBX's circuit breaker is open.</summary>
    public static XapiException ForOpenCircuit(XapiCall call, string pbx, TimeSpan breakDuration, Exception error) =>
        new(XapiFailureKind.CircuitOpen,
            $"Calls to PBX '{pbx}' are paused for up to {breakDuration.TotalSeconds:0.###} s after repeated failures (circuit breaker open); {call.Endpoint} was not called.",
            call.Endpoint, innerException: error);

    /// <summary>Whether a failure says the PBX is unhealthy (counts towards opening its circuit).</summary>
    public static bool IsHealthFailure(Exception? error) => error switch
    {
        XapiException x => x.Kind is XapiFailureKind.ServerError or XapiFailureKind.Timeout
            or XapiFailureKind.Network or XapiFailureKind.RateLimited,
        Polly.Timeout.TimeoutRejectedException => true,
        _ => false,
    };

    static string NotFoundHint(XapiCall call) => call.Route.ToUpperInvariant() switch
    {
        "ACTIVECONNECTIONS" => " It is not a V20 route: live calls are at /xapi/v1/ActiveCalls.",
        "PHONEEXTENSIONS" => " It is not a V20 route: extensions are at /xapi/v1/Users.",
        "CALLLOGRECORDS" or "CALLLOGDATA" =>
            " It is not a V20 route: the call log is the function /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…).",
        _ when call.IsToken => " Is BaseUrl the PBX's web address, e.g. https://pbx.example.com:5001/?",
        _ when call.IsFunction => " For a report function this also happens when a parameter is missing, malformed or out of order.",
        _ => "",
    };

    static T? Find<T>(Exception? error) where T : Exception
    {
        for (; error is not null; error = error.InnerException)
            if (error is T found) return found;
        return null;
    }

    static Exception Innermost(Exception error)
    {
        while (error.InnerException is not null) error = error.InnerException;
        return error;
    }
}
