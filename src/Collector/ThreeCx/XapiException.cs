namespace Collector.ThreeCx;

/// <summary>The one exception every XAPI failure surfaces as. Its <see cref="Exception.Message"/> is plain language.</summary>
internal sealed class XapiException : Exception
{
    internal XapiException(
        XapiFailureKind kind,
        string message,
        string endpoint,
        int? statusCode = null,
        string? serverMessage = null,
        Exception? innerException = null,
        XapiRetry retry = XapiRetry.Never,
        TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Kind = kind;
        Endpoint = endpoint;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Retry = retry;
        RetryAfter = retryAfter;
    }

    /// <summary>What went wrong.</summary>
    public XapiFailureKind Kind { get; }

    /// <summary>The HTTP status, when the PBX answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The path that failed, without host, query or secrets, e.g. <c>/xapi/v1/Users</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The PBX's own error message (OData <c>error.message</c> or OAuth <c>error_description</c>), if any.</summary>
    public string? ServerMessage { get; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Whether and how much the retry policy may retry this failure.</summary>
    internal XapiRetry Retry { get; }
}

/// <summary>How much a failure may be retried (decided by <see cref="Resilience.XapiOutcomePolicy"/>).</summary>
internal enum XapiRetry
{
    /// <summary>Fail fast.</summary>
    Never,
    /// <summary>Retry up to <see cref="XapiOptions.ServerErrorRetries"/> times (500: probably our fault).</summary>
    Limited,
    /// <summary>Retry up to <see cref="XapiOptions.MaxRetries"/> times (transient).</summary>
    Full,
}
