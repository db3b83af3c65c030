using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;

namespace Collector.ThreeCx.Resilience;

/// <summary>
/// One circuit per PBX: when at least <see cref="XapiOptions.CircuitBreakerFailureRatio"/> of the attempts in
/// <see cref="XapiOptions.CircuitBreakerSamplingDuration"/> (and at least the minimum throughput) fail for health
/// reasons (5xx, 429, timeouts, network), calls are refused for <see cref="XapiOptions.CircuitBreakerBreakDuration"/>,
/// then one is let through to test the PBX. 4xx answers never count: the PBX is healthy, the request is wrong.
/// </summary>
internal static partial class XapiCircuitBreakerPolicy
{
    public static CircuitBreakerStrategyOptions Create(XapiOptions options, ILogger logger, string pbx) => new()
    {
        FailureRatio = options.CircuitBreakerFailureRatio,
        MinimumThroughput = options.CircuitBreakerMinimumThroughput,
        SamplingDuration = options.CircuitBreakerSamplingDuration,
        BreakDuration = options.CircuitBreakerBreakDuration,
        ShouldHandle = args => ValueTask.FromResult(XapiOutcomePolicy.IsHealthFailure(args.Outcome.Exception)),
        OnOpened = args =>
        {
            LogOpened(logger, pbx, args.BreakDuration);
            return ValueTask.CompletedTask;
        },
        OnClosed = _ =>
        {
            LogClosed(logger, pbx);
            return ValueTask.CompletedTask;
        },
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Circuit for PBX {Pbx} opened after repeated failures; calls paused for {BreakDuration}.")]
    static partial void LogOpened(ILogger logger, string pbx, TimeSpan breakDuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit for PBX {Pbx} closed; calls resume.")]
    static partial void LogClosed(ILogger logger, string pbx);
}
