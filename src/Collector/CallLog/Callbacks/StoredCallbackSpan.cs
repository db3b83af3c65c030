using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Callbacks;

/// <summary>
/// The <c>callback</c> points of one PBX stored in a span of time [From, To) (nanoseconds, millisecond-aligned), read from
/// InfluxDB once for a batch of backfill windows and then kept in step with what those windows write
/// (<see cref="Remember"/>), so each window reads memory instead of InfluxDB. Right only while nothing else writes the
/// PBX's <c>callback</c> points in the span (the backfill's windows run one at a time; two backfills of one range are
/// refused by its checkpoint). Memory: the abandons of the span.
/// </summary>
internal sealed class StoredCallbackSpan
{
    readonly Dictionary<(string Queue, long TimestampNs), AbandonedCaller> _callers = [];

    public StoredCallbackSpan(DateTimeOffset from, DateTimeOffset to, IEnumerable<AbandonedCaller> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        From = CallTimestamp.Millisecond(from);
        To = CallTimestamp.Millisecond(to);
        Remember(stored);
    }

    /// <summary>The span's start, in nanoseconds since the Unix epoch.</summary>
    public long From { get; }

    /// <summary>The span's end (exclusive), in nanoseconds since the Unix epoch.</summary>
    public long To { get; }

    /// <summary>Whether [<paramref name="from"/>, <paramref name="until"/>) (truncated to the millisecond) lies within the span.</summary>
    public bool Covers(DateTimeOffset from, DateTimeOffset until) =>
        CallTimestamp.Millisecond(from) >= From && CallTimestamp.Millisecond(until) <= To;

    /// <summary>The callers stamped in [<paramref name="from"/>, <paramref name="until"/>), as InfluxDB would answer.</summary>
    public IReadOnlyList<AbandonedCaller> Read(DateTimeOffset from, DateTimeOffset until)
    {
        var (low, high) = (CallTimestamp.Millisecond(from), CallTimestamp.Millisecond(until));
        return _callers.Values.Where(c => c.TimestampNs >= low && c.TimestampNs < high).ToList();
    }

    /// <summary>
    /// Takes in callers just written (those stamped outside the span are ignored). As InfluxDB merges the fields of a point
    /// written again with the same series and timestamp, a field the new point lacks keeps its stored value.
    /// </summary>
    public void Remember(IEnumerable<AbandonedCaller> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        foreach (var caller in written)
        {
            if (caller.TimestampNs < From || caller.TimestampNs >= To)
                continue;
            var key = (caller.Queue, caller.TimestampNs);
            _callers[key] = _callers.TryGetValue(key, out var before)
                ? caller with
                {
                    QueueName = caller.QueueName is { Length: > 0 } ? caller.QueueName : before.QueueName,
                    ReachedAt = caller.ReachedAt ?? before.ReachedAt,
                    ReachedCallKey = caller.ReachedCallKey ?? before.ReachedCallKey,
                    ReachedBy = caller.ReachedBy ?? before.ReachedBy,
                }
                : caller;
        }
    }
}
