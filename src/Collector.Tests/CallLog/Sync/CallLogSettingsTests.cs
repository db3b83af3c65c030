using Collector.Configuration;
using Microsoft.Extensions.Configuration;

namespace Collector.Tests.CallLog.Sync;

/// <summary>The <c>CallLog</c> configuration section: documented defaults, overrides, one clear line on a bad value.</summary>
public class CallLogSettingsTests
{
    static CallLogOptions Read(params (string Key, string Value)[] values) =>
        CollectorOptions.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build()).CallLog;

    [Fact]
    public void EveryCallLogSettingHasItsDocumentedDefault()
    {
        var options = Read();

        Assert.Equal(TimeSpan.FromHours(1), options.MaxCallSpan);
        Assert.Equal(TimeSpan.FromSeconds(30), options.SettleDelay);
        Assert.Equal(TimeSpan.FromHours(2), options.InProgressHorizon);
        Assert.Equal(TimeSpan.FromDays(1), options.InitialLookback);
        Assert.Equal(20_000, options.ReportRowLimit);
    }

    [Fact]
    public void EachKeyIsRead()
    {
        var options = Read(("CallLog:MaxCallSpan", "02:30:00"), ("CallLog:SettleDelay", "00:01:00"), ("CallLog:InProgressHorizon", "06:00:00"),
            ("CallLog:InitialLookback", "7.00:00:00"), ("CallLog:ReportRowLimit", "80000"));

        Assert.Equal(TimeSpan.FromMinutes(150), options.MaxCallSpan);
        Assert.Equal(TimeSpan.FromMinutes(1), options.SettleDelay);
        Assert.Equal(TimeSpan.FromHours(6), options.InProgressHorizon);
        Assert.Equal(TimeSpan.FromDays(7), options.InitialLookback);
        Assert.Equal(80_000, options.ReportRowLimit);
    }

    [Theory]
    [InlineData("CallLog:MaxCallSpan", "60", "Configuration error: CallLog:MaxCallSpan \"60\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds.")]
    [InlineData("CallLog:MaxCallSpan", "13:00:00", "Configuration error: CallLog:MaxCallSpan 13:00:00 is out of range; use 00:00:00 to 12:00:00.")]
    [InlineData("CallLog:InProgressHorizon", "00:00:10", "Configuration error: CallLog:InProgressHorizon 00:00:10 is out of range; use 00:01:00 to 7.00:00:00.")]
    [InlineData("CallLog:ReportRowLimit", "lots", "Configuration error: CallLog:ReportRowLimit \"lots\" is not a whole number of rows.")]
    [InlineData("CallLog:ReportRowLimit", "10", "Configuration error: CallLog:ReportRowLimit 10 is out of range; use 100 to 1000000 rows.")]
    [InlineData("CallLog:SettleDelai", "00:00:30", "Configuration error: CallLog:SettleDelai is not a known setting; did you mean CallLog:SettleDelay?")]
    public void ABadValueIsOneLineNamingTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read((key, value)));

        Assert.Equal(expected, error.Message);
    }
}
