using Collector.CallLog.Sync;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// The sync follows the PBX's clock (its <c>Date</c> header when no call is in progress), never this machine's: a PBX
/// clock behind ours must not put the watermark in the PBX's future, and a skew beyond CallLog:MaxClockSkew is a
/// warning counted on the run point. The fake clock is this machine's; <see cref="SyncTestKit.PbxClockOffset"/> the PBX's.
/// </summary>
public class ClockSkewSyncTests
{
    static readonly DateTimeOffset Now = SyncTestKit.Start;

    [Theory]
    [InlineData(-2)]
    [InlineData(-5)]
    [InlineData(-60)]
    public async Task ACallThatStartsOnAPbxBehindUsRightAfterAnIdleRunIsStillWritten(int pbxMinutes)
    {
        await using var kit = new SyncTestKit();
        kit.PbxClockOffset = TimeSpan.FromMinutes(pbxMinutes);
        var pbxNow = Now + kit.PbxClockOffset;
        await kit.SetWatermarkAsync(pbxNow.AddMinutes(-10));

        var idle = await kit.SyncAsync();   // no call in progress, none finished
        Assert.True(idle.Ok, idle.Error?.ToString());
        Assert.Equal(pbxNow.AddSeconds(-30), await kit.WatermarkAsync());   // the PBX's now − SettleDelay, not ours

        kit.Pbx.Call("after-idle", pbxNow.AddSeconds(10));   // starts on the PBX just after the idle run, then ends
        kit.Advance(TimeSpan.FromMinutes(1));
        var next = await kit.SyncAsync();

        Assert.True(next.Ok, next.Error?.ToString());
        Assert.Equal(["after-idle"], kit.Writer.CallIds);
        Assert.True(await kit.WatermarkAsync() <= pbxNow.AddMinutes(1));
    }

    [Fact]
    public async Task APbxClockAheadOfOursIsFollowedSoItsNewestCallsAreWrittenAtOnce()
    {
        await using var kit = new SyncTestKit();
        kit.PbxClockOffset = TimeSpan.FromMinutes(5);
        var pbxNow = Now + kit.PbxClockOffset;
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.Call("in-our-future", pbxNow.AddMinutes(-2));

        var result = await kit.SyncAsync();

        Assert.Equal(["in-our-future"], kit.Writer.CallIds);
        Assert.Equal(pbxNow.AddSeconds(-30), await kit.WatermarkAsync());
        Assert.Equal(TimeSpan.FromSeconds(30), result.Lag);
    }

    [Fact]
    public async Task ASkewBeyondMaxClockSkewIsAWarningOnceAnHourAndCountedOnEveryRunPoint()
    {
        await using var kit = new SyncTestKit();
        kit.PbxClockOffset = TimeSpan.FromMinutes(-5);

        var first = await kit.SyncAsync();
        kit.Advance(TimeSpan.FromMinutes(1));
        var second = await kit.SyncAsync();

        Assert.True(first.ClockSkewExceeded);
        Assert.True(second.ClockSkewExceeded);
        Assert.Equal(TimeSpan.FromMinutes(-5), first.ClockSkew);
        var warnings = kit.SyncLog.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning && e.Message.Contains("clock", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("00:05:00 behind", warning.Message);
        Assert.Contains("CallLog:MaxClockSkew", warning.Message);
        var points = (await kit.OutboxAsync()).Where(p => p.StartsWith("collector,", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Contains("clock_skew_exceeded=1i", p));
        Assert.All(points, p => Assert.Contains("clock_skew_s=-300", p));

        kit.Advance(CallLogSync.SkewWarningInterval);
        await kit.SyncAsync();
        Assert.Equal(2, kit.SyncLog.Collector.GetSnapshot().Count(e => e.Level == LogLevel.Warning && e.Message.Contains("clock", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASkewBackWithinTheToleranceIsSaidOnceButARunWithoutAPbxClockSaysNothing()
    {
        await using var kit = new SyncTestKit();
        kit.PbxClockOffset = TimeSpan.FromMinutes(-5);
        await kit.SyncAsync();

        kit.Pbx.ServerDate = null;   // this run shows no clock: unknown, not "back within"
        kit.Advance(TimeSpan.FromMinutes(1));
        var unknown = await kit.SyncAsync();
        kit.Pbx.ServerDate = () => kit.Time.GetUtcNow() + kit.PbxClockOffset;
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();   // still 5 min behind: within the hour, no new warning
        kit.PbxClockOffset = TimeSpan.Zero;
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();   // fixed: said once

        Assert.Null(unknown.ClockSkew);
        Assert.False(unknown.ClockSkewExceeded);
        var log = kit.SyncLog.Collector.GetSnapshot();
        Assert.Single(log, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("behind this machine's", StringComparison.Ordinal));
        Assert.Single(log, e => e.Message.Contains("within CallLog:MaxClockSkew", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASkewWithinMaxClockSkewIsNoWarningAndCountsZero()
    {
        await using var kit = new SyncTestKit();
        kit.PbxClockOffset = TimeSpan.FromSeconds(-20);

        var result = await kit.SyncAsync();

        Assert.False(result.ClockSkewExceeded);
        Assert.DoesNotContain(kit.SyncLog.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Contains("clock_skew_exceeded=0i", Assert.Single(await kit.OutboxAsync(), p => p.StartsWith("collector,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task APbxThatShowsNoClockHoldsTheWatermarkAtTheNewestRowItListed()
    {
        await using var kit = new SyncTestKit();
        kit.Pbx.ServerDate = null;   // no Date header, no call in progress: only the rows show the PBX's time
        var w = Now.AddMinutes(-20);
        await kit.SetWatermarkAsync(w);

        await kit.SyncAsync();
        Assert.Equal(w, await kit.WatermarkAsync());   // nothing shown yet

        kit.Pbx.Call("seen", Now.AddMinutes(-8));
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();

        Assert.Equal(Now.AddMinutes(-8).AddSeconds(-30), await kit.WatermarkAsync());
    }
}
