namespace Simulator.Clock;

/// <summary>
/// Simulated time: runs at <see cref="Speed"/> simulated seconds per real second from an anchor,
/// and can be moved forward (never backward) or re-timed at any moment.
/// </summary>
public sealed class SimClock
{
    readonly TimeProvider _real;
    readonly Lock _lock = new();
    DateTimeOffset _anchorSim;
    long _anchorReal;
    double _speed;

    public SimClock(DateTimeOffset start, double speed, TimeProvider real)
    {
        _real = real;
        _anchorSim = start;
        _anchorReal = real.GetTimestamp();
        _speed = speed;
    }

    public DateTimeOffset Now
    {
        get { lock (_lock) return NowUnlocked(); }
    }

    public double Speed
    {
        get { lock (_lock) return _speed; }
    }

    /// <summary>Changes the speed from now on; time already elapsed keeps its old pace.</summary>
    public void SetSpeed(double speed)
    {
        if (speed < 0 || !double.IsFinite(speed)) throw new ArgumentOutOfRangeException(nameof(speed), "speed must be 0 or more");
        lock (_lock) { Reanchor(NowUnlocked()); _speed = speed; }
    }

    /// <summary>Moves simulated time forward by <paramref name="by"/> (which must not be negative).</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "the clock only moves forward");
        lock (_lock) { Reanchor(NowUnlocked() + by); return _anchorSim; }
    }

    /// <summary>Moves simulated time forward to <paramref name="to"/>; an instant in the past is refused.</summary>
    public DateTimeOffset AdvanceTo(DateTimeOffset to)
    {
        lock (_lock)
        {
            var now = NowUnlocked();
            if (to < now) throw new ArgumentOutOfRangeException(nameof(to), $"the clock only moves forward (now {now:o})");
            Reanchor(to);
            return _anchorSim;
        }
    }

    void Reanchor(DateTimeOffset sim) { _anchorSim = sim; _anchorReal = _real.GetTimestamp(); }

    DateTimeOffset NowUnlocked()
    {
        if (_speed == 0) return _anchorSim;
        var real = _real.GetElapsedTime(_anchorReal);
        return _anchorSim + TimeSpan.FromTicks((long)(real.Ticks * _speed));
    }
}
