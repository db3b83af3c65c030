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
    readonly Dictionary<string, List<(string Queue, long TimestampNs)>> _byNumber = new(StringComparer.Ordinal);   // the keys of each caller's number

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

    /// <summary>
    /// The callers stamped in [<paramref name="from"/>, <paramref name="until"/>) whose number is one of
    /// <paramref name="numbers"/>: a window's calls can reach only those (see <see cref="CallbackMatcher.Reach(IEnumerable{AbandonedCaller}, ContactsByNumber)"/>),
    /// so it looks at them, not at every caller of the day before it.
    /// </summary>
    public IReadOnlyList<AbandonedCaller> Read(DateTimeOffset from, DateTimeOffset until, IEnumerable<string> numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var (low, high) = (CallTimestamp.Millisecond(from), CallTimestamp.Millisecond(until));
        var found = new List<AbandonedCaller>();
        foreach (var number in numbers)
            if (_byNumber.TryGetValue(number, out var keys))
                foreach (var key in keys)
                    if (key.TimestampNs >= low && key.TimestampNs < high)
                        found.Add(_callers[key]);
        return found;
    }

    /// <summary>The caller stored with this stamp (queue and timestamp) in [<paramref name="from"/>, <paramref name="until"/>), if any.</summary>
    public AbandonedCaller? Find(string queue, long timestampNs, DateTimeOffset from, DateTimeOffset until) =>
        timestampNs >= CallTimestamp.Millisecond(from) && timestampNs < CallTimestamp.Millisecond(until) ? _callers.GetValueOrDefault((queue, timestampNs)) : null;

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
            if (!_callers.TryGetValue(key, out var known) || !string.Equals(known.Number, caller.Number, StringComparison.Ordinal))
            {   // indexed under the number it is stored with (a stale entry under another number is harmless: it never matches)
                if (!_byNumber.TryGetValue(caller.Number, out var keys))
                    _byNumber[caller.Number] = keys = [];
                keys.Add(key);
            }
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
