using Collector.CallLog.Sync;
using Collector.Influx.LineProtocol;

namespace Collector.Tests.CallLog.Sync;

public sealed class SyncRunPointTests
{
    static readonly CallLogSyncResult Ok = new("hq", 10, 4, 3, 1, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1), 0, null);

    [Fact]
    public void TheSyncRunPointCarriesTheReportsTimeZoneForTheDashboards()
    {
        var line = LineProtocolEncoder.ToLine(SyncRunRecorder.PointFor(Ok, DateTimeOffset.UnixEpoch, null, "Australia/Perth"));

        Assert.StartsWith("collector,", line, StringComparison.Ordinal);
        Assert.Contains("time_zone=\"Australia/Perth\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAZoneTheSyncRunPointHasNoTimeZoneField()
    {
        var line = LineProtocolEncoder.ToLine(SyncRunRecorder.PointFor(Ok, DateTimeOffset.UnixEpoch));

        Assert.DoesNotContain("time_zone", line, StringComparison.Ordinal);
    }
}
