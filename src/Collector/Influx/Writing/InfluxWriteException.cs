namespace Collector.Influx.Writing;

/// <summary>Why a write failed for good (after the policy's retries, splits and drops).</summary>
public enum InfluxWriteFailureKind
{
    /// <summary>401: the credentials were refused.</summary>
    Unauthorized,

    /// <summary>403: the credentials lack permission to write (or to create the database).</summary>
    Forbidden,

    /// <summary>The database or bucket does not exist and could not (or may not) be created.</summary>
    DatabaseNotFound,

    /// <summary>404 that is not about the database: wrong URL or API version.</summary>
    EndpointNotFound,

    /// <summary>InfluxDB stayed unreachable, overloaded or slow through every retry.</summary>
    Unavailable,

    /// <summary>InfluxDB answered with a status that has no decided outcome (e.g. 405).</summary>
    Rejected,

    /// <summary>
    /// 3xx: <c>Influx:Url</c> points at a redirect (http to https, a moved proxy path). Not followed: a POST redirected by
    /// 301/302 arrives as a GET without its lines, and an answer of 200 to that would pass for a write.
    /// </summary>
    Redirected,
}

/// <summary>
/// A write that did not reach InfluxDB. Nothing of the failed batch is known to be stored, so the caller
/// keeps the points (the outbox does) and tries again later. The message says what to fix and never
/// contains a secret.
/// </summary>
internal sealed class InfluxWriteException(
    InfluxWriteFailureKind kind,
    string message,
    int? statusCode = null,
    string? serverMessage = null,
    Exception? innerException = null,
    string? verdict = null,
    string? fix = null,
    TimeSpan? retryAfter = null) : Exception(message, innerException)
{
    public InfluxWriteFailureKind Kind { get; } = kind;

    /// <summary>What happened, without the advice (for <c>collector check</c>'s verdict column); the message when not given.</summary>
    public string Verdict { get; } = verdict ?? message;

    /// <summary>Which setting to fix, when the writer knows.</summary>
    public string? Fix { get; } = fix;

    /// <summary>The HTTP status of the last answer, or null when there was none (timeout, refused connection).</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>InfluxDB's own error text, when it sent one.</summary>
    public string? ServerMessage { get; } = serverMessage;

    /// <summary>The <c>Retry-After</c> of the last answer, when InfluxDB sent one: how long a caller that retries should wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
