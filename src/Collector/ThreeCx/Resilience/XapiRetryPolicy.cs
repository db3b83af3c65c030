using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Collector.ThreeCx.Resilience;

/// <summary>
/// Retries what <see cref="XapiOutcomePolicy"/> marked retryable: transient failures and attempt timeouts up to
/// <see cref="XapiOptions.MaxRetries"/>, a 500 up to <see cref="XapiOptions.ServerErrorRetries"/>; waits per
/// <see cref="BackoffSchedule"/> (which honours Retry-After).
/// </summary>
internal static partial class XapiRetryPolicy
{
    public static RetryStrategyOptions Create(XapiOptions options, BackoffSchedule schedule, ILogger logger, string pbx) => new()
    {
        MaxRetryAttempts = options.MaxRetries,
        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, options)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
            schedule.DelayFor(args.AttemptNumber, (args.Outcome.Exception as XapiException)?.RetryAfter)),
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
