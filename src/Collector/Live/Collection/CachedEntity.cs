namespace Collector.Live.Collection;

/// <summary>
/// One entity read from the PBX and kept for a time to live. A failed read keeps the previous value (it is not
/// used once expired: the read's failure is the run's failure). Used by one run at a time.
/// </summary>
sealed class CachedEntity<T>(TimeSpan timeToLive, TimeProvider time) where T : class
{
    T? _value;
    DateTimeOffset _readAt;

    /// <summary>The cached value while fresh, else a new read; <c>Read</c> is true when the PBX was asked.</summary>
    public async Task<(T Value, bool Read)> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_value is not null && timeToLive > TimeSpan.Zero && now - _readAt < timeToLive)
            return (_value, false);
        var value = await read(cancellationToken);
        _value = value;
        _readAt = now;
        return (value, true);
    }

    /// <summary>Forgets the value, so the next <see cref="GetAsync"/> reads again.</summary>
    public void Invalidate() => _value = null;
}
