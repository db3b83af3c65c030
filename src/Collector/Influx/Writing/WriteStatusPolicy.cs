using Collector.Configuration;
namespace Collector.Influx.Writing;

/// <summary>What to do with an answer to a write.</summary>
enum WriteAction
{
    /// <summary>Stored: count it and move on.</summary>
    Accept,

    /// <summary>Too large: send each half on its own.</summary>
    Split,

    /// <summary>Some line is bad: halve until the bad lines are alone, drop only those, write the rest.</summary>
    Bisect,

    /// <summary>v1 "database not found": create the database (when allowed) and send again.</summary>
    CreateDatabase,

    /// <summary>Transient: wait (back-off, Retry-After) and send again, up to the retry limit.</summary>
    Retry,

    /// <summary>Will not get better by retrying: stop and throw.</summary>
    Fail,
}

/// <summary>The decision for one answer; <see cref="FailureKind"/> is set for <see cref="WriteAction.Fail"/>.</summary>
readonly record struct WriteDecision(WriteAction Action, InfluxWriteFailureKind? FailureKind = null)
{
    public static WriteDecision Failure(InfluxWriteFailureKind kind) => new(WriteAction.Fail, kind);
}

/// <summary>
/// The one place that decides the outcome of every answer to a write (after Telegraf's InfluxDB outputs):
/// <list type="table">
/// <item><term>2xx</term><description>accepted.</description></item>
/// <item><term>3xx</term><description>fail at once, no retry: <c>Influx:Url</c> must name where InfluxDB answers (redirects are not followed).</description></item>
/// <item><term>413</term><description>split the batch in half and send each half (a single line is dropped).</description></item>
/// <item><term>400, 422</term><description>bisect: drop only the bad lines, with a logged sample, write the rest.</description></item>
/// <item><term>401 / 403</term><description>fail at once, no retry: the credentials need fixing.</description></item>
/// <item><term>404</term><description>v1 "database not found": create it when allowed, then send again;
/// "database/bucket/organization not found" otherwise: fail; any other 404: wrong URL or API version, fail.</description></item>
/// <item><term>408, 429, 5xx, no answer</term><description>retry with back-off, honouring Retry-After.</description></item>
/// <item><term>anything else</term><description>fail as rejected; nothing is dropped.</description></item>
/// </list>
/// </summary>
static class WriteStatusPolicy
{
    public static WriteDecision Decide(WriteResponse response, InfluxApiVersion version)
    {
        if (response.Status is not { } status)
            return new(WriteAction.Retry); // timeout or no connection

        return status switch
        {
            >= 200 and < 300 => new(WriteAction.Accept),
            >= 300 and < 400 => WriteDecision.Failure(InfluxWriteFailureKind.Redirected),
            413 => new(WriteAction.Split),
            400 or 422 => new(WriteAction.Bisect),
            401 => WriteDecision.Failure(InfluxWriteFailureKind.Unauthorized),
            403 => WriteDecision.Failure(InfluxWriteFailureKind.Forbidden),
            404 => DecideNotFound(response.ServerMessage, version),
            408 or 429 or >= 500 => new(WriteAction.Retry),
            _ => WriteDecision.Failure(InfluxWriteFailureKind.Rejected),
        };
    }

    static WriteDecision DecideNotFound(string? message, InfluxApiVersion version)
    {
        var aboutTarget = message is not null
            && message.Contains("not found", StringComparison.OrdinalIgnoreCase)
            && (message.Contains("database", StringComparison.OrdinalIgnoreCase)
                || message.Contains("bucket", StringComparison.OrdinalIgnoreCase)
                || message.Contains("organization", StringComparison.OrdinalIgnoreCase));
        if (!aboutTarget)
            return WriteDecision.Failure(InfluxWriteFailureKind.EndpointNotFound);
        return version == InfluxApiVersion.V1
            ? new(WriteAction.CreateDatabase)
            : WriteDecision.Failure(InfluxWriteFailureKind.DatabaseNotFound);
    }

    /// <summary>
    /// The answer to <c>CREATE DATABASE</c>: 2xx created; no answer, 429 or 5xx retry (the write is retried);
    /// 401/403 fail on the credentials (creating needs admin rights); anything else fails as not found.
    /// </summary>
    public static WriteDecision DecideDatabaseCreation(WriteResponse response) => response.Status switch
    {
        null or 408 or 429 or >= 500 => new(WriteAction.Retry),
        >= 200 and < 300 => new(WriteAction.Accept),
        401 => WriteDecision.Failure(InfluxWriteFailureKind.Unauthorized),
        403 => WriteDecision.Failure(InfluxWriteFailureKind.Forbidden),
        _ => WriteDecision.Failure(InfluxWriteFailureKind.DatabaseNotFound),
    };
}
