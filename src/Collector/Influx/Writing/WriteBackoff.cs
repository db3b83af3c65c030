namespace Collector.Influx.Writing;

/// <summary>
/// Delays between retries of one batch: exponential from <c>RetryDelay</c> (1×, 2×, 4×, …) with up to
/// 20 % random jitter added, so that collectors restarted together do not retry in step; never shorter
/// than the server's <c>Retry-After</c>; never longer than <c>MaxRetryDelay</c>.
/// </summary>
sealed class WriteBackoff(TimeSpan retryDelay, TimeSpan maxRetryDelay, Func<double> random)
{
    public const double MaxJitter = 0.2;

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var factor = Math.Pow(2, Math.Min(retry - 1, 20)) * (1 + MaxJitter * random());
        var delay = retryDelay * factor;
        if (retryAfter is { } asked && asked > delay)
            delay = asked;
        return delay > maxRetryDelay ? maxRetryDelay : delay;
    }
}
