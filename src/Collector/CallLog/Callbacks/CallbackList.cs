using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;

namespace Collector.CallLog.Callbacks;

/// <summary>
/// The list of callers to call back (<c>CallLog:CallbackList</c>): for each window, the <c>callback</c> points of its
/// abandoned callers and of earlier ones its calls reached. An earlier window's abandons are learnt from InfluxDB: the
/// <c>callback</c> points stamped from <see cref="LookBack"/> before the window up to the window's latest answer or
/// hang-up (InfluxDB 1.x; without a reader only abandons and contacts of the same window are matched), or from a
/// <see cref="StoredCallbackSpan"/> the backfill read once for a batch of windows. Idempotent: a point is rewritten with the
/// same series and timestamp; a stored contact is kept unless the window has an earlier one.
/// </summary>
internal sealed class CallbackList(StoredCallbacks? stored)
{
    /// <summary>How far back an abandon can still be reached: a day.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    /// <summary>
    /// The stored <c>callback</c> points of [<paramref name="from"/>, <paramref name="to"/>), for a backfill to pass to
    /// the windows of that span; null when there is no reader or InfluxDB cannot be read (the windows then read for themselves).
    /// </summary>
    public async Task<StoredCallbackSpan?> ReadSpanAsync(string pbx, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (stored is null)
            return null;
        try
        {
            return new StoredCallbackSpan(from, to, await stored.ReadAsync(pbx, from, to, cancellationToken));
        }
        catch (InfluxQueryException)
        {
            return null;
        }
    }

    /// <summary>
    /// The stored callers a window with <paramref name="calls"/> reads: stamped from <see cref="LookBack"/> before its start
    /// up to its latest answer or hang-up. Only a caller who hung up by the window's latest answer can be reached by it, and
    /// its own abandons are stamped by their hang-ups: nothing stamped later matters (reading it would grow with the history
    /// after the window: quadratic over a backfill written again).
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset Until) ReadRange(DateTimeOffset windowStart, IEnumerable<NormalisedCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var latest = windowStart;
        foreach (var call in calls)
        {
            if (call.AnsweredAt is { } answered && answered > latest)
                latest = answered;
            if (call.Passages.Count > 0 && call.Passages[^1] is var last && last.Enter + last.Wait > latest)
                latest = last.Enter + last.Wait;
        }
        return (windowStart - LookBack, latest.AddMilliseconds(1));
    }

    /// <param name="calls">The calls that started in the window.</param>
    /// <param name="span">What is stored around the window, read for its batch (null: read InfluxDB); updated with what the window writes.</param>
    public async Task<IReadOnlyList<PointData>> PointsAsync(string pbx, DateTimeOffset windowStart, IReadOnlyCollection<NormalisedCall> calls,
        StoredCallbackSpan? span, CancellationToken cancellationToken)
    {
        var abandons = CallbackMatcher.Abandons(calls).ToList();
        var hasContact = calls.Any(c => c.ExternalNumber is not null && c.Answered);
        if (abandons.Count == 0 && !hasContact)
            return [];

        var (from, until) = ReadRange(windowStart, calls);
        var contacts = CallbackMatcher.Contacts(calls);
        // What is stored matters for two things: the window's own abandons (a contact stored by a later window is kept) and
        // the earlier callers its calls may reach, which are only those with the number of one of its contacts.
        Func<AbandonedCaller, AbandonedCaller?> storedOwn;
        IReadOnlyList<AbandonedCaller> reachable;
        if (span is not null && span.Covers(from, until))
        {
            storedOwn = a => span.Find(a.Queue, a.TimestampNs, from, until);
            reachable = span.Read(from, until, contacts.Numbers);
        }
        else
        {
            IReadOnlyList<AbandonedCaller> before = [];
            if (stored is not null)
            {
                try
                {
                    before = await stored.ReadAsync(pbx, from, until, cancellationToken);
                }
                catch (InfluxQueryException)
                {
                    before = []; // InfluxDB 2.x/3 or unreadable: match within the window only
                }
            }
            var storedByStamp = before.ToDictionary(c => (c.Queue, c.TimestampNs));
            storedOwn = a => storedByStamp.GetValueOrDefault((a.Queue, a.TimestampNs));
            reachable = [.. before.Where(c => contacts.Has(c.Number))];
        }

        // The window's own abandons keep a contact stored by a later window (a window run again must not forget it).
        var own = abandons.Select(a => storedOwn(a) is { Reached: true } s
            ? a with { ReachedAt = s.ReachedAt, ReachedCallKey = s.ReachedCallKey, ReachedBy = s.ReachedBy }
            : a).ToList();
        var ownStamps = own.Select(a => (a.Queue, a.TimestampNs)).ToHashSet();
        var earlier = reachable.Where(c => !ownStamps.Contains((c.Queue, c.TimestampNs))).ToList();

        var callers = CallbackMatcher.Reach(own, contacts).ToList();
        var reachedEarlier = CallbackMatcher.Reach(earlier, contacts);
        for (var i = 0; i < earlier.Count; i++)
            if (!Equals(reachedEarlier[i], earlier[i]))
                callers.Add(reachedEarlier[i]);
        span?.Remember(callers);
        return callers.Select(c => CallbackPoints.For(pbx, c)).ToList();
    }
}
