using Collector.Configuration;
using Collector.Tests.Configuration;
using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

/// <summary>The <c>Xapi</c> section's rules, as a user meets them: one line naming the key.</summary>
public class XapiOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.Equal(new XapiOptions().PageSize, SettingsReaderTests.Read(SettingsReaderTests.OnePbx()).Xapi.PageSize);

    [Theory]
    [InlineData(nameof(XapiOptions.RequestTimeout), "00:00:00")]
    [InlineData(nameof(XapiOptions.PageSize), "0")]
    [InlineData(nameof(XapiOptions.PageOverlap), "500")]
    [InlineData(nameof(XapiOptions.PageOverlap), "-1")]
    [InlineData(nameof(XapiOptions.TokenRefreshMargin), "-00:00:01")]
    [InlineData(nameof(XapiOptions.MaxRetries), "-1")]
    [InlineData(nameof(XapiOptions.ServerErrorRetries), "4")]
    [InlineData(nameof(XapiOptions.RetryBaseDelay), "00:00:00")]
    [InlineData(nameof(XapiOptions.RetryMaxDelay), "00:00:00.5")]
    [InlineData(nameof(XapiOptions.RetryJitter), "1.5")]
    [InlineData(nameof(XapiOptions.RetryAfterMax), "-00:00:01")]
    [InlineData(nameof(XapiOptions.CircuitBreakerFailureRatio), "0")]
    [InlineData(nameof(XapiOptions.CircuitBreakerMinimumThroughput), "1")]
    [InlineData(nameof(XapiOptions.CircuitBreakerSamplingDuration), "00:00:00.1")]
    [InlineData(nameof(XapiOptions.CircuitBreakerBreakDuration), "00:00:00.1")]
    public void EachBadValueIsReportedWithItsKey(string property, string value)
    {
        var values = SettingsReaderTests.OnePbx();
        values[$"Xapi:{property}"] = value;

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.StartsWith($"Configuration error: Xapi:{property} ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
