using Collector.Configuration;
using Polly;
using Polly.Retry;

namespace Collector.Influx.Writing;

/// <summary>
/// The one back-off of writes to InfluxDB, for the two places that wait after a failed write: the
/// <see cref="InfluxWriter"/> between retries of a batch (call-log windows) and the outbox flusher between failed
/// flushes. Polly's exponential back-off from <c>RetryDelay</c> (1×, 2×, 4×, …), with Polly's decorrelated jitter so that
/// collectors restarted together do not retry in step, never longer than <c>MaxRetryDelay</c>. A <c>Retry-After</c> from
/// InfluxDB replaces it, also capped at <c>MaxRetryDelay</c>; one of 0 (or a date already past) leaves the back-off.
/// </summary>
static class WriteBackoff
{
    /// <summary>
    /// Retry options with the back-off set; the caller adds <c>MaxRetryAttempts</c>, <c>ShouldHandle</c> and <c>OnRetry</c>.
    /// </summary>
    /// <param name="random">Polly's jitter source (numbers in [0, 1)); null turns the jitter off (exact doubling, for tests).</param>
    /// <param name="retryAfter">The <c>Retry-After</c> InfluxDB sent with a failed outcome, if any.</param>
    public static RetryStrategyOptions<T> Options<T>(InfluxOptions options, Func<double>? random, Func<Outcome<T>, TimeSpan?> retryAfter)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retryAfter);
        var retry = new RetryStrategyOptions<T>
        {
            BackoffType = DelayBackoffType.Exponential,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            UseJitter = random is not null,
            DelayGenerator = args => ValueTask.FromResult(Capped(retryAfter(args.Outcome), options.MaxRetryDelay)),
        };
        if (random is not null)
            retry.Randomizer = random;
        return retry;
    }

    static TimeSpan? Capped(TimeSpan? wait, TimeSpan max) =>
        wait is { } asked && asked > TimeSpan.Zero ? (asked < max ? asked : max) : null;
}
