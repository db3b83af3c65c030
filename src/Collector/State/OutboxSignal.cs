namespace Collector.State;

/// <summary>
/// "Something was put into the outbox": set by <see cref="IOutbox.EnqueueAsync"/> after each row it committed, waited for
/// by the <see cref="OutboxFlusher"/>, which so sleeps while nothing is buffered instead of polling the state database.
/// The signal stays set until <see cref="Reset"/>: a row enqueued while nobody waits is not missed.
/// </summary>
internal sealed class OutboxSignal
{
    TaskCompletionSource _next = NewSource();

    /// <summary>Whether it was set since the last <see cref="Reset"/>.</summary>
    public bool IsSet => Volatile.Read(ref _next).Task.IsCompleted;

    /// <summary>Sets the signal (once the enqueued row is committed).</summary>
    public void Set() => Volatile.Read(ref _next).TrySetResult();

    /// <summary>
    /// Forgets a signal already taken: call it before looking at the outbox, so that a row enqueued after that look sets
    /// it again (a row enqueued before the look is seen by it).
    /// </summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _next);
        if (current.Task.IsCompleted)
            Interlocked.CompareExchange(ref _next, NewSource(), current);
    }

    /// <summary>Waits until the signal is set or <paramref name="timeout"/> has passed on <paramref name="time"/>; true when set.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _next).Task;
        if (next.IsCompleted)
            return true;
        if (timeout <= TimeSpan.Zero)
            return false;
        try
        {
            await next.WaitAsync(timeout, time, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
