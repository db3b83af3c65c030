using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.Influx;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer created on it, so a test can see each wait
/// the code under test starts (its exact length) and move time on by exactly that much.
/// </summary>
public sealed class SteppingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero))
{
    readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
            _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>
    /// Runs <paramref name="work"/> to completion, advancing time by each wait it starts, except waits for
    /// which <paramref name="isWait"/> is false (for example request timeouts, which should not fire).
    /// Returns the waits, in order.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> RunAsync(Task work, Func<TimeSpan, bool> isWait)
    {
        var waits = new List<TimeSpan>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var next = _timers.Reader.ReadAsync(deadline.Token).AsTask();
            if (await Task.WhenAny(work, next) == work)
            {
                await work;
                return waits;
            }

            var due = await next;
            if (!isWait(due))
                continue;
            waits.Add(due);
            Advance(due);
        }
    }

    /// <summary>
    /// Waits (in real time, bounded) for the next timer the code under test starts for which <paramref name="isWait"/>
    /// is true, and returns its length; time does not move.
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync(Func<TimeSpan, bool> isWait)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var due = await _timers.Reader.ReadAsync(deadline.Token);
            if (isWait(due))
                return due;
        }
    }

    /// <summary>Waits (in real time, bounded) until the code under test starts a timer of exactly <paramref name="due"/>.</summary>
    public async Task WaitForTimerAsync(TimeSpan due)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await _timers.Reader.ReadAsync(deadline.Token) != due)
        {
        }
    }
}
