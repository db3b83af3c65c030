using Collector.ThreeCx;

namespace Collector.Tests.ThreeCx;

public class XapiOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.True(new XapiOptionsValidator().Validate(null, new XapiOptions()).Succeeded);

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
        var options = new XapiOptions();
        var prop = typeof(XapiOptions).GetProperty(property)!;
        prop.SetValue(options, prop.PropertyType == typeof(TimeSpan)
            ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ChangeType(value, prop.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = new XapiOptionsValidator("ThreeCx:Xapi").Validate(null, options);

        Assert.True(result.Failed);
        Assert.StartsWith($"ThreeCx:Xapi:{property} ", result.Failures!.First());
    }
}
