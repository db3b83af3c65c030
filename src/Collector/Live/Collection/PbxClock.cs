using Collector.ThreeCx;

namespace Collector.Live.Collection;

/// <summary>
/// The PBX's "now" for a snapshot. Every active call carries <c>ServerNow</c> (the PBX's clock when it answered);
/// with no call in progress there is none, so the last seen offset between the PBX's clock and ours is applied to
/// our clock instead (zero until a call was seen). Snapshots are thereby stamped on the PBX's time line even when
/// the two clocks disagree.
/// </summary>
sealed class PbxClock
{
    TimeSpan _offset;

    /// <summary>The offset last seen (PBX minus collector).</summary>
    public TimeSpan Offset => _offset;

    /// <summary>The latest <c>ServerNow</c> of the calls, else <paramref name="localNow"/> plus the last offset.</summary>
    public DateTimeOffset ServerNow(IReadOnlyList<ActiveCall> calls, DateTimeOffset localNow)
    {
        DateTimeOffset? latest = null;
        foreach (var call in calls)
            if (call.ServerNow is { } now && (latest is null || now > latest))
                latest = now;
        if (latest is { } serverNow)
        {
            _offset = serverNow - localNow;
            return serverNow;
        }
        return localNow + _offset;
    }
}
