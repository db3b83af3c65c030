using Collector.CallLog.Sync;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// A run whose PBX was taken over by another instance while it was writing (a cluster's failover with the old owner still
/// finishing): its compare-and-set of the watermark loses, and it stops without moving the new owner's watermark back.
/// </summary>
public class WatermarkTakeoverTests
{
    static readonly DateTimeOffset Now = SyncTestKit.Start;

    [Fact]
    public async Task ARunWhoseWatermarkAnotherOwnerMovedMeanwhileStopsWithOneWarningAndLeavesTheNewOwnersWatermark()
    {
        await using var kit = new SyncTestKit();
        var w = Now.AddHours(-3);
        await kit.SetWatermarkAsync(w);
        kit.Pbx.Call("first-hour", w.AddMinutes(10));
        kit.Pbx.Call("second-hour", w.AddMinutes(70));
        kit.Pbx.Call("third-hour", w.AddMinutes(130));
        var newOwners = Now.AddMinutes(-1);
        kit.Writer.AfterWrite = n =>
        {
            if (n != 1) return;
            // The instance that took the PBX over reads the watermark and moves it ahead, while this run writes its first window.
            var read = kit.State.Watermarks.ReadWatermarkAsync("hq", CallLogSync.Stream, CancellationToken.None).GetAwaiter().GetResult();
            Assert.NotNull(kit.State.Watermarks.CompareAndSetWatermarkAsync("hq", CallLogSync.Stream, read, newOwners, CancellationToken.None).GetAwaiter().GetResult());
        };

        var result = await kit.SyncAsync();

        Assert.IsType<ProgressConflictException>(result.Error);
        Assert.Equal(newOwners, await kit.WatermarkAsync());
        Assert.Equal(["first-hour"], kit.Writer.CallIds);
        var warning = Assert.Single(kit.SyncLog.Collector.GetSnapshot(), e => e.Level >= LogLevel.Warning);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("changed by another writer", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNextRunAfterALostCompareAndSetContinuesFromTheNewOwnersWatermark()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddHours(-2));
        kit.Writer.AfterWrite = n =>
        {
            if (n == 1)
                kit.State.Watermarks.SetWatermarkAsync("hq", CallLogSync.Stream, Now.AddMinutes(-5), CancellationToken.None).GetAwaiter().GetResult();
        };
        kit.Pbx.Call("early", Now.AddMinutes(-110));
        var lost = await kit.SyncAsync();
        kit.Writer.AfterWrite = null;
        kit.Pbx.Call("late", Now.AddMinutes(-3));

        var next = await kit.SyncAsync();

        Assert.False(lost.Ok);
        Assert.True(next.Ok, next.Error?.ToString());
        Assert.Equal(["early", "late"], kit.Writer.CallIds);
        Assert.True(await kit.WatermarkAsync() > Now.AddMinutes(-5));
    }
}
