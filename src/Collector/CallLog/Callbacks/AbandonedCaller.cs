namespace Collector.CallLog.Callbacks;

/// <summary>One abandoned queue passage of a caller with a number, and whether (and when) the caller was reached after it.</summary>
/// <param name="Number">The caller's number (personal data: written for the dashboards, never logged).</param>
/// <param name="Queue">The queue they hung up in (its DN).</param>
/// <param name="QueueName">The queue's name, if known.</param>
/// <param name="CallKey">The abandoned call's key.</param>
/// <param name="AbandonedAt">The hang-up: the passage's entry + its wait.</param>
/// <param name="Wait">From the call's first queue entry to the hang-up.</param>
/// <param name="TimestampNs">The point's timestamp (the hang-up's millisecond plus a slot from the passage's leg key).</param>
/// <param name="ReachedAt">The answer of the first call answered at or after the hang-up, outbound to the number or inbound from it.</param>
/// <param name="ReachedCallKey">That call's key.</param>
/// <param name="ReachedBy"><c>outbound</c> or <c>inbound</c>.</param>
internal sealed record AbandonedCaller(
    string Number,
    string Queue,
    string? QueueName,
    string CallKey,
    DateTimeOffset AbandonedAt,
    TimeSpan Wait,
    long TimestampNs,
    DateTimeOffset? ReachedAt = null,
    string? ReachedCallKey = null,
    string? ReachedBy = null)
{
    public bool Reached => ReachedAt is not null;
}
