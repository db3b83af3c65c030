using Microsoft.Extensions.Options;

namespace Collector.ThreeCx;

/// <summary>Checks <see cref="XapiOptions"/> once at start; each message names the configuration key.</summary>
public sealed class XapiOptionsValidator(string sectionPath = XapiOptions.SectionName) : IValidateOptions<XapiOptions>
{
    public ValidateOptionsResult Validate(string? name, XapiOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    IEnumerable<string> Errors(XapiOptions o)
    {
        var min = TimeSpan.FromMilliseconds(10);
        var halfSecond = TimeSpan.FromMilliseconds(500);
        if (o.RequestTimeout < min || o.RequestTimeout > TimeSpan.FromHours(1))
            yield return Key(nameof(o.RequestTimeout), $"must be between 00:00:00.010 and 01:00:00 (was {o.RequestTimeout})");
        if (o.PageSize is < 1 or > 100_000)
            yield return Key(nameof(o.PageSize), $"must be between 1 and 100000 (was {o.PageSize})");
        if (o.PageOverlap < 0 || o.PageOverlap >= o.PageSize)
            yield return Key(nameof(o.PageOverlap), $"must be at least 0 and less than PageSize (was {o.PageOverlap})");
        if (o.TokenRefreshMargin < TimeSpan.Zero)
            yield return Key(nameof(o.TokenRefreshMargin), $"must not be negative (was {o.TokenRefreshMargin})");
        if (o.MaxRetries is < 0 or > 20)
            yield return Key(nameof(o.MaxRetries), $"must be between 0 and 20 (was {o.MaxRetries})");
        if (o.ServerErrorRetries < 0 || o.ServerErrorRetries > o.MaxRetries)
            yield return Key(nameof(o.ServerErrorRetries), $"must be between 0 and MaxRetries (was {o.ServerErrorRetries})");
        if (o.RetryBaseDelay <= TimeSpan.Zero)
            yield return Key(nameof(o.RetryBaseDelay), $"must be positive (was {o.RetryBaseDelay})");
        if (o.RetryMaxDelay < o.RetryBaseDelay)
            yield return Key(nameof(o.RetryMaxDelay), $"must be at least RetryBaseDelay (was {o.RetryMaxDelay})");
        if (o.RetryJitter is < 0 or > 1 || double.IsNaN(o.RetryJitter))
            yield return Key(nameof(o.RetryJitter), $"must be between 0 and 1 (was {o.RetryJitter})");
        if (o.RetryAfterMax < TimeSpan.Zero)
            yield return Key(nameof(o.RetryAfterMax), $"must not be negative (was {o.RetryAfterMax})");
        if (o.CircuitBreakerFailureRatio is <= 0 or > 1 || double.IsNaN(o.CircuitBreakerFailureRatio))
            yield return Key(nameof(o.CircuitBreakerFailureRatio), $"must be above 0 and at most 1 (was {o.CircuitBreakerFailureRatio})");
        if (o.CircuitBreakerMinimumThroughput < 2)
            yield return Key(nameof(o.CircuitBreakerMinimumThroughput), $"must be at least 2 (was {o.CircuitBreakerMinimumThroughput})");
        if (o.CircuitBreakerSamplingDuration < halfSecond)
            yield return Key(nameof(o.CircuitBreakerSamplingDuration), $"must be at least 00:00:00.5 (was {o.CircuitBreakerSamplingDuration})");
        if (o.CircuitBreakerBreakDuration < halfSecond)
            yield return Key(nameof(o.CircuitBreakerBreakDuration), $"must be at least 00:00:00.5 (was {o.CircuitBreakerBreakDuration})");
    }

    string Key(string property, string rule) => $"{sectionPath}:{property} {rule}.";
}
