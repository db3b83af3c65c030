using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;

namespace Collector.CallLog.Callbacks;

/// <summary>
/// The list of callers to call back (<c>CallLog:CallbackList</c>): for each window, the <c>callback</c> points of its
/// abandoned callers and of earlier ones its calls reached. An earlier window's abandons are learnt from InfluxDB: the
/// <c>callback</c> points stamped up to <see cref="LookBack"/> before the window (InfluxDB 1.x; without a reader only
/// abandons and contacts of the same window are matched). Idempotent: a point is rewritten with the same series and
/// timestamp; a stored contact is kept unless the window has an earlier one.
/// </summary>
internal sealed class CallbackList(StoredCallbacks? stored)
{
    /// <summary>How far back an abandon can still be reached: a day.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(1);

    /// <param name="calls">The calls that started in the window.</param>
    public async Task<IReadOnlyList<PointData>> PointsAsync(string pbx, DateTimeOffset windowStart, IReadOnlyCollection<NormalisedCall> calls, CancellationToken cancellationToken)
    {
        var abandons = CallbackMatcher.Abandons(calls).ToList();
        var hasContact = calls.Any(c => c.ExternalNumber is not null && c.Answered);
        if (abandons.Count == 0 && !hasContact)
            return [];

        IReadOnlyList<AbandonedCaller> before = [];
        if (stored is not null)
        {
            try
            {
                before = await stored.ReadAsync(pbx, windowStart - LookBack, cancellationToken);
            }
            catch (InfluxQueryException)
            {
                before = []; // InfluxDB 2.x/3 or unreadable: match within the window only
            }
        }

        var storedByStamp = before.ToDictionary(c => (c.Queue, c.TimestampNs));
        // The window's own abandons keep a contact stored by a later window (a window run again must not forget it).
        var own = abandons.Select(a => storedByStamp.TryGetValue((a.Queue, a.TimestampNs), out var s) && s.Reached
            ? a with { ReachedAt = s.ReachedAt, ReachedCallKey = s.ReachedCallKey, ReachedBy = s.ReachedBy }
            : a).ToList();
        var ownStamps = own.Select(a => (a.Queue, a.TimestampNs)).ToHashSet();
        var earlier = before.Where(c => !ownStamps.Contains((c.Queue, c.TimestampNs))).ToList();

        var points = CallbackMatcher.Reach(own, calls).Select(c => CallbackPoints.For(pbx, c)).ToList();
        var reachedEarlier = CallbackMatcher.Reach(earlier, calls);
        for (var i = 0; i < earlier.Count; i++)
            if (!Equals(reachedEarlier[i], earlier[i]))
                points.Add(CallbackPoints.For(pbx, reachedEarlier[i]));
        return points;
    }
}
