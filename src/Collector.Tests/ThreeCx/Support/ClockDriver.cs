using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer the code under test starts (except those of
/// <see cref="Ignored"/> length, e.g. the per-attempt timeout), so a test can wait for a delay to begin and then
/// advance the clock by exactly that much.
/// </summary>
sealed class ClockDriver(DateTimeOffset start) : FakeTimeProvider(start)
{
    readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public TimeSpan Ignored { get; init; } = Timeout.InfiniteTimeSpan;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime != Ignored) _delays.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (up to 10 s of real time) for the next delay to start and returns its length.</summary>
    public async Task<TimeSpan> NextDelayAsync() => await _delays.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public bool HasPendingDelay => _delays.Reader.TryPeek(out _);
}
