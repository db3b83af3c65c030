using Collector.Configuration;
using Collector.Tests.Configuration;

namespace Collector.Tests.Live;

/// <summary>The <c>Live</c> configuration section and the live snapshot interval.</summary>
public sealed class LiveSettingsTests
{
    [Fact]
    public void TheLiveSettingsHaveTheirDocumentedDefaults()
    {
        var settings = SettingsReaderTests.Read(new Dictionary<string, string?>());

        Assert.Equal(TimeSpan.FromSeconds(60), settings.Live.QueuesCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.Live.UsersCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Live.SystemStatusCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Live.DirectWriteTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Schedules.LiveSnapshotInterval);
    }

    [Fact]
    public void CacheTimesToLiveCanBeZeroToReadOnEveryRunAndTheIntervalCanBeOneSecond()
    {
        var settings = SettingsReaderTests.Read(new Dictionary<string, string?>
        {
            ["Live:UsersCacheTtl"] = "00:00:00",
            ["Live:QueuesCacheTtl"] = "00:05:00",
            ["Schedules:LiveSnapshotInterval"] = "00:00:01",
        });

        Assert.Equal(TimeSpan.Zero, settings.Live.UsersCacheTtl);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Live.QueuesCacheTtl);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Schedules.LiveSnapshotInterval);
    }

    [Theory]
    [InlineData("Live:UsersCacheTtl", "15", "Configuration error: Live:UsersCacheTtl \"15\" is a bare number")]
    [InlineData("Live:QueuesCacheTtl", "02:00:00", "Configuration error: Live:QueuesCacheTtl 02:00:00 is out of range")]
    [InlineData("Live:DirectWriteTimeout", "00:00:00", "Configuration error: Live:DirectWriteTimeout 00:00:00 is out of range")]
    [InlineData("Live:UserCacheTtl", "00:00:10", "Configuration error: Live:UserCacheTtl is not a known setting; did you mean Live:UsersCacheTtl?")]
    [InlineData("Schedules:LiveSnapshotInterval", "00:00:00.500", "Configuration error: Schedules:LiveSnapshotInterval 00:00:00.5000000 is out of range")]
    public void ABadLiveSettingStopsTheStartWithOneLineNamingTheKey(string key, string value, string message)
    {
        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(new Dictionary<string, string?> { [key] = value }));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }
}
