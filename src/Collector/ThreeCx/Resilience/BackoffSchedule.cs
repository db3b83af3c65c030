namespace Collector.ThreeCx.Resilience;

/// <summary>
/// How long to wait before retry number <c>attempt</c> (0 = the first retry): the server's <c>Retry-After</c>
/// when it sent one (capped at <c>retryAfterMax</c>), else <c>baseDelay · 2^attempt</c> spread by ±<c>jitter</c>
/// and capped at <c>maxDelay</c>.
/// </summary>
internal sealed class BackoffSchedule
{
    readonly TimeSpan _baseDelay;
    readonly TimeSpan _maxDelay;
    readonly double _jitter;
    readonly TimeSpan _retryAfterMax;
    readonly Func<double> _random;

    /// <param name="random">A source of numbers in [0, 1); tests pass a constant.</param>
    public BackoffSchedule(TimeSpan baseDelay, TimeSpan maxDelay, double jitter, TimeSpan retryAfterMax, Func<double> random)
    {
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
        _jitter = jitter;
        _retryAfterMax = retryAfterMax;
        _random = random;
    }

    public static BackoffSchedule From(XapiOptions options, Func<double> random) =>
        new(options.RetryBaseDelay, options.RetryMaxDelay, options.RetryJitter, options.RetryAfterMax, random);

    public TimeSpan DelayFor(int attempt, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > _retryAfterMax ? _retryAfterMax : wait;

        // Exponential: 1x, 2x, 4x, ... the base delay, never beyond the cap (and no overflow on long runs).
        var nominalTicks = attempt >= 40 ? _maxDelay.Ticks : Math.Min(_maxDelay.Ticks, _baseDelay.Ticks * Math.Pow(2, attempt));
        var spread = 1 + _jitter * (2 * _random() - 1);
        return TimeSpan.FromTicks((long)Math.Min(_maxDelay.Ticks, nominalTicks * spread));
    }
}
