namespace Collector.ThreeCx;

/// <summary>Why an XAPI call failed, in terms a user can act on.</summary>
public enum XapiFailureKind
{
    /// <summary>401 on <c>/connect/token</c>: wrong client ID or secret.</summary>
    BadCredentials,
    /// <summary>401 on an API call even after a fresh token.</summary>
    Unauthorized,
    /// <summary>403: the API client's role is too low, or its IP is blocked by Console Restrictions.</summary>
    Forbidden,
    /// <summary>404: the route does not exist on this PBX (or a function parameter is missing or misordered).</summary>
    EndpointNotFound,
    /// <summary>400 and other 4xx: the PBX rejected the request itself.</summary>
    BadRequest,
    /// <summary>429 until the retries ran out.</summary>
    RateLimited,
    /// <summary>5xx until the retries ran out.</summary>
    ServerError,
    /// <summary>No answer within the request timeout (or 408/504) until the retries ran out.</summary>
    Timeout,
    /// <summary>The TLS handshake failed (certificate expired, self-signed, wrong name...).</summary>
    Tls,
    /// <summary>DNS failure, connection refused or reset.</summary>
    Network,
    /// <summary>A 2xx answer whose body is not the JSON we expect.</summary>
    MalformedResponse,
    /// <summary>Calls to this PBX are paused after repeated failures (circuit breaker open).</summary>
    CircuitOpen,
}
