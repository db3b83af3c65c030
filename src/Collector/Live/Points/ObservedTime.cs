namespace Collector.Live.Points;

/// <summary>
/// The time a snapshot vouches for: the PBX time since the previous successful snapshot of the same PBX, at most
/// <see cref="CapFactor"/> snapshot intervals. The first snapshot after a start vouches for nothing (0), and a gap
/// longer than the cap (the collector or the PBX was unreachable) counts only the cap, so time nobody observed is
/// never booked to a state; dashboards show it as "not observed" (the day's length minus the observed time).
/// </summary>
internal sealed class ObservedTime
{
    public const int CapFactor = 2;

    readonly TimeSpan _cap;
    DateTimeOffset? _previous;

    public ObservedTime(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _cap = interval * CapFactor;
    }

    /// <summary>The time the snapshot taken at <paramref name="at"/> vouches for; remembers <paramref name="at"/> for the next one.</summary>
    public TimeSpan Next(DateTimeOffset at)
    {
        var previous = _previous;
        if (previous is null || at > previous) _previous = at;
        if (previous is not { } p || at <= p) return TimeSpan.Zero;
        var gap = at - p;
        return gap < _cap ? gap : _cap;
    }
}
