using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Collector.ThreeCx.Resilience;

/// <summary>
/// Retries what <see cref="XapiOutcomePolicy"/> marked retryable: transient failures and attempt timeouts up to
/// <see cref="XapiOptions.MaxRetries"/>, a 500 up to <see cref="XapiOptions.ServerErrorRetries"/>. The wait is
/// Polly's exponential back-off from <see cref="XapiOptions.RetryBaseDelay"/>, capped at
/// <see cref="XapiOptions.RetryMaxDelay"/>, with Polly's decorrelated jitter unless <see cref="XapiOptions.RetryJitter"/>
/// is 0; a <c>Retry-After</c> from the PBX replaces it (see <see cref="RetryAfter"/>).
/// </summary>
internal static partial class XapiRetryPolicy
{
    /// <param name="random">Polly's jitter source (numbers in [0, 1)); tests pass a seeded one.</param>
    public static RetryStrategyOptions Create(XapiOptions options, Func<double> random, ILogger logger, string pbx) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = options.RetryJitter > 0,
        Delay = options.RetryBaseDelay,
        MaxDelay = options.RetryMaxDelay,
        Randomizer = random,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, options)),
        DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception, options)),
        OnRetry = args =>
        {
            LogRetry(logger, pbx, Reason(args.Outcome.Exception), args.AttemptNumber + 1, options.MaxRetries, args.RetryDelay);
            return ValueTask.CompletedTask;
        },
    };

    /// <param name="attempt">Zero-based number of the attempt that just failed.</param>
    public static bool ShouldRetry(Exception? error, int attempt, XapiOptions options) => error switch
    {
        XapiException { Retry: XapiRetry.Full } => attempt < options.MaxRetries,
        XapiException { Retry: XapiRetry.Limited } => attempt < options.ServerErrorRetries,
        TimeoutRejectedException => attempt < options.MaxRetries,
        _ => false,
    };

    /// <summary>
    /// The PBX's <c>Retry-After</c> (capped at <see cref="XapiOptions.RetryAfterMax"/>) as the wait before the retry, or
    /// null, which leaves Polly's back-off, when it sent none or asked for no wait at all (0 or a date already past).
    /// </summary>
    public static TimeSpan? RetryAfter(Exception? error, XapiOptions options) =>
        (error as XapiException)?.RetryAfter is { } wait && wait > TimeSpan.Zero
            ? (wait < options.RetryAfterMax ? wait : options.RetryAfterMax)
            : null;

    static string Reason(Exception? error) => error switch
    {
        XapiException x => x.Message,
        TimeoutRejectedException => "the attempt timed out",
        _ => error?.GetType().Name ?? "unknown",
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "XAPI call to PBX {Pbx} failed: {Reason} Retry {Retry} of {MaxRetries} in {Delay}.")]
    static partial void LogRetry(ILogger logger, string pbx, string reason, int retry, int maxRetries, TimeSpan delay);
}
