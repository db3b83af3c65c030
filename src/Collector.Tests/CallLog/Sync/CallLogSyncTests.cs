using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.CallLog.Sync;

public class CallLogSyncTests
{
    static readonly DateTimeOffset Now = SyncTestKit.Start;

    /// <summary>Every run reads everything after the watermark, as every run did before incremental runs.</summary>
    static CallLogOptions FullEveryRun => new() { FullSyncInterval = TimeSpan.Zero };

    [Fact]
    public async Task TheFirstRunStartsOneInitialLookbackBackAndWritesTheFinishedCallsSinceThen()
    {
        await using var kit = new SyncTestKit();
        kit.Pbx.Call("too-old", Now.AddHours(-25)).Call("day-ago", Now.AddHours(-23)).Call("recent", Now.AddMinutes(-10));

        var result = await kit.SyncAsync();

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(["day-ago", "recent"], kit.Writer.CallIds.Distinct().Order());
        Assert.Equal(Now.AddSeconds(-30), await kit.WatermarkAsync());
        Assert.Equal(2, result.Calls);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Lag);
    }

    [Fact]
    public async Task ACallInProgressHoldsTheWatermarkUntilItEndsAndIsThenWritten()
    {
        // Every run full (as before incremental runs), so the finished call is rewritten; IncrementalSyncTests has the incremental case.
        await using var kit = new SyncTestKit(FullEveryRun);
        var w = Now.AddMinutes(-10);
        await kit.SetWatermarkAsync(w);
        kit.Pbx.InProgress(w.AddMinutes(1), Now);
        kit.Pbx.Call("ended", w.AddMinutes(2));

        await kit.SyncAsync();
        Assert.Equal(["ended"], kit.Writer.CallIds);
        Assert.Equal(w.AddMinutes(1), await kit.WatermarkAsync());

        kit.Pbx.Active.Clear();
        kit.Pbx.Call("long", w.AddMinutes(1));
        kit.Advance(TimeSpan.FromMinutes(1));
        var second = await kit.SyncAsync();

        Assert.Equal(["ended", "ended", "long"], kit.Writer.CallIds.Order());
        Assert.Equal(Now.AddMinutes(1).AddSeconds(-30), await kit.WatermarkAsync());
        Assert.Equal(2, second.Calls);
    }

    [Fact]
    public async Task ARewrittenCallGivesTheSameLinesSoInfluxDbOverwritesIt()
    {
        // A full run rewrites what an earlier run wrote (incremental runs skip unchanged calls: IncrementalSyncTests).
        await using var kit = new SyncTestKit(FullEveryRun);
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.InProgress(Now.AddMinutes(-9), Now).Call("twice", Now.AddMinutes(-5));

        await kit.SyncAsync();
        var first = kit.Writer.Lines.ToList();
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();

        Assert.NotEmpty(first);
        Assert.Equal(first.Concat(first), kit.Writer.Lines);
    }

    [Fact]
    public async Task ACallThatBeganBeforeTheWatermarkIsNotWrittenAgainFromItsLaterLegs()
    {
        await using var kit = new SyncTestKit();
        var w = Now.AddMinutes(-30);
        await kit.SetWatermarkAsync(w);
        kit.Pbx.Call("earlier", w.AddMinutes(-20), TimeSpan.FromMinutes(25), TimeSpan.FromMinutes(40));
        kit.Pbx.Call("inside", w.AddMinutes(1), TimeSpan.FromMinutes(10));

        var result = await kit.SyncAsync();

        Assert.Equal(["inside"], kit.Writer.CallIds);
        Assert.Equal(1, result.Calls);
        Assert.Equal(5, result.Rows);
    }

    [Fact]
    public async Task WhenInfluxDbIsDownTheWatermarkStaysAndTheNextRunWritesEverything()
    {
        await using var kit = new SyncTestKit();
        var w = Now.AddMinutes(-10);
        await kit.SetWatermarkAsync(w);
        kit.Pbx.Call("a", w.AddMinutes(2)).Call("b", w.AddMinutes(4));
        kit.Writer.Down = true;

        var failed = await kit.SyncAsync();

        Assert.False(failed.Ok);
        Assert.IsType<Collector.Influx.Writing.InfluxWriteException>(failed.Error);
        Assert.Equal(w, await kit.WatermarkAsync());
        Assert.Contains(kit.SyncLog.Collector.GetSnapshot(), e => e.Level == LogLevel.Error && e.Message.Contains("InfluxDB is down", StringComparison.Ordinal));

        kit.Writer.Down = false;
        kit.Advance(TimeSpan.FromMinutes(1));
        var ok = await kit.SyncAsync();

        Assert.True(ok.Ok);
        Assert.Equal(["a", "b"], kit.Writer.CallIds.Order());
        Assert.Equal(Now.AddMinutes(1).AddSeconds(-30), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task BehindByHoursItCatchesUpWindowByWindowAndKeepsTheWindowsInfluxDbAcknowledged()
    {
        await using var kit = new SyncTestKit();
        var w = Now.AddHours(-5);
        await kit.SetWatermarkAsync(w);
        for (var h = 0; h < 5; h++)
            kit.Pbx.Call($"h{h}", w.AddHours(h).AddMinutes(30));
        kit.Writer.FailFromWrite = 3;

        var result = await kit.SyncAsync();

        Assert.False(result.Ok);
        Assert.Equal(2, result.Windows);
        Assert.Equal(["h0", "h1"], kit.Writer.CallIds);
        Assert.Equal(w.AddHours(2), await kit.WatermarkAsync());

        kit.Writer.FailFromWrite = null;
        var rest = await kit.SyncAsync();

        Assert.True(rest.Ok);
        Assert.Equal(3, rest.Windows);
        Assert.Equal(["h0", "h1", "h2", "h3", "h4"], kit.Writer.CallIds);
        Assert.Equal(Now.AddSeconds(-30), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task WithoutActiveCallsItKeepsTheHorizonBehindNowAndWarnsOnceUntilTheyAreBack()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddHours(-3));
        kit.Pbx.ActiveCallsFailure = new XapiException(XapiFailureKind.Forbidden, "ActiveCalls: 403 Forbidden (test).", "/xapi/v1/ActiveCalls", 403);

        await kit.SyncAsync();
        kit.Advance(TimeSpan.FromMinutes(1));
        var second = await kit.SyncAsync();

        Assert.True(second.Ok);
        Assert.Equal(Now.AddMinutes(1).AddHours(-2), await kit.WatermarkAsync());
        Assert.Single(kit.ReaderLog.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);

        kit.Pbx.ActiveCallsFailure = null;
        kit.Advance(TimeSpan.FromMinutes(1));
        await kit.SyncAsync();

        Assert.Equal(Now.AddMinutes(2).AddSeconds(-30), await kit.WatermarkAsync());
        Assert.Contains(kit.ReaderLog.Collector.GetSnapshot(), e => e.Message.Contains("can be read again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedCallLogReadIsAnErrorRunThatLeavesTheWatermark()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.CallLogFailure = new XapiException(XapiFailureKind.ServerError, "GetCallLogData: 500 (test).", "/xapi/v1/ReportCallLogData", 500);

        var result = await kit.SyncAsync();

        Assert.False(result.Ok);
        Assert.Equal("error", result.ResultTag);
        Assert.Equal(Now.AddMinutes(-10), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task EveryRunPutsOneCollectorPointIntoTheOutbox()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.Call("a", Now.AddMinutes(-5), TimeSpan.FromSeconds(50));
        await kit.SyncAsync();
        kit.Pbx.Call("b", Now.AddSeconds(10));
        kit.Advance(TimeSpan.FromMinutes(1));
        kit.Writer.Down = true;
        await kit.SyncAsync();

        var payloads = await kit.OutboxAsync();

        var ns = (Now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        Assert.Equal(2, payloads.Count);
        Assert.StartsWith("collector,job=calllog_sync,pbx=hq,result=ok duration_ms=0i,rows=2i,points=", payloads[0]);
        Assert.EndsWith($",calls=1i,windows=1i,lag_s=30,unknown_values=0i,rows_skipped=0i,rows_quarantined=0i,clock_skew_exceeded=0i,stretch_read=0i,ended_calls_pending=0i,clock_skew_s=0 {ns}", payloads[0]);
        Assert.StartsWith("collector,job=calllog_sync,pbx=hq,result=error ", payloads[1]);
        Assert.Contains("lag_s=90,", payloads[1]);
        Assert.Contains(",error=\"InfluxDB is down (test).\" ", payloads[1]);
        Assert.EndsWith($" {ns + 60_000_000_000}", payloads[1]);
    }

    [Fact]
    public async Task CancellationEndsTheRunWithoutARecord()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        using var cancel = new CancellationTokenSource();
        kit.Pbx.OnRead = _ => cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Sync.SyncOnceAsync(kit.PbxOptions, cancel.Token));

        Assert.Empty(await kit.OutboxAsync());
        Assert.Equal(Now.AddMinutes(-10), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task TheLookbackAndSettleDelayComeFromTheOptions()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { InitialLookback = TimeSpan.FromHours(2), SettleDelay = TimeSpan.FromSeconds(5) });
        kit.Pbx.Call("old", Now.AddHours(-3)).Call("new", Now.AddHours(-1));

        await kit.SyncAsync();

        Assert.Equal(["new"], kit.Writer.CallIds);
        Assert.Equal(Now.AddSeconds(-5), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task ALegStampedWithTheUnixEpochNoLongerMovesItsCallOutOfTheWindow()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.Call("epoch-leg", Now.AddMinutes(-5), TimeSpan.FromSeconds(50));
        kit.Pbx.Rows[1] = kit.Pbx.Rows[1] with { StartTime = DateTimeOffset.UnixEpoch };
        kit.Pbx.ListedWithCall.Add(kit.Pbx.Rows[1]);   // listed with its call, as the PBX selects by the call's time

        var result = await kit.SyncAsync();

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Contains("epoch-leg", kit.Writer.CallIds);
        Assert.Equal(1, result.Calls);
    }

    [Fact]
    public async Task TwoCallsThatShareACdrIdAreBothWrittenWithAllTheirLegs()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.Call("first", Now.AddMinutes(-6)).Call("second", Now.AddMinutes(-4), TimeSpan.FromSeconds(30));
        kit.Pbx.Rows[1] = kit.Pbx.Rows[1] with { CdrId = kit.Pbx.Rows[0].CdrId };   // the PBX reused a CdrId

        var result = await kit.SyncAsync();

        Assert.True(result.Ok, result.Error?.ToString());
        Assert.Equal(["first", "second"], kit.Writer.CallIds.Distinct().Order());
        Assert.Equal(3, result.Rows);
    }
}
