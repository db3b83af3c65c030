using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// Incremental runs (docs/call-log-sync.md, "Incremental runs") on an in-memory PBX and a fake clock: each run reads only
/// where new rows can be, a call in progress lands whole when it ends, rows written late still land, and the bounded
/// cadence, a failure and a restart go back to full runs.
/// </summary>
public class IncrementalSyncTests
{
    static readonly DateTimeOffset Now = SyncTestKit.Start;
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Overlap = new CallLogOptions().IncrementalOverlap;

    [Fact]
    public async Task AfterTheFirstFullRunEachRunReadsOnlyTheStretchSinceTheRunBeforeLastAndTheOverlap()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now);   // holds the watermark 20 minutes back all along

        var first = await kit.SyncAsync();
        Assert.True(first.FullRead);
        Assert.Equal(Now.AddMinutes(-30) - kit.Options.MaxCallSpan, kit.Pbx.Reads[0].PeriodFrom);

        for (var run = 1; run <= 10; run++)
        {
            kit.Pbx.Call($"c{run}", Now.AddMinutes(run - 1).AddSeconds(10));   // ended (43 s) before the run: a listed call has ended
            kit.Advance(Minute);
            var result = await kit.SyncAsync();

            Assert.True(result.Ok, result.Error?.ToString());
            Assert.False(result.FullRead);
            var read = kit.Pbx.Reads[^1];
            // The first run after a start's full one reads from the watermark once more (what ended unseen before the start);
            // then the new stretch since the last run, kept one more run for rows written late (SettleDelay), less the overlap.
            Assert.Equal(run == 1 ? Now.AddMinutes(-20) : Now.AddMinutes(run - 2) - Overlap, read.PeriodFrom);
            Assert.Equal(Now.AddMinutes(run) + kit.Options.MaxCallSpan, read.PeriodTo);   // past now: a call that ends while the log is read is seen to end after now
            Assert.Equal(Now.AddMinutes(-20), await kit.WatermarkAsync());
        }

        // each call written once: no run rewrote an unchanged call
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"c{i}").Order(), kit.Writer.CallIds.Order());
    }

    [Fact]
    public async Task ALongCallInProgressAcrossManyRunsLandsWholeWhenItEnds()
    {
        // No full run in between (they would rewrite every call since the watermark): the incremental runs alone land it.
        await using var kit = new SyncTestKit(new CallLogOptions { FullSyncInterval = TimeSpan.FromDays(1) });
        var start = Now.AddMinutes(-5);
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.InProgress(start, Now);
        await kit.SyncAsync();
        for (var run = 1; run <= 40; run++)
        {
            kit.Pbx.Call($"short{run}", Now.AddMinutes(run - 1).AddSeconds(10));
            kit.Advance(Minute);
            Assert.True((await kit.SyncAsync()).Ok);
        }
        Assert.Equal(start, await kit.WatermarkAsync());
        Assert.DoesNotContain("long", kit.Writer.CallIds);

        // It ends: its three legs (the last a transfer 30 minutes in) appear in the log at once, far behind the recent reads.
        kit.Pbx.Active.Clear();
        kit.Pbx.Call("long", start, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(30));
        kit.Advance(Minute);
        var ended = await kit.SyncAsync();

        Assert.True(ended.Ok, ended.Error?.ToString());
        Assert.False(ended.FullRead);
        Assert.Equal(start, kit.Pbx.Reads[^1].PeriodFrom);   // from its start (the overlap stops at the watermark)
        Assert.Single(kit.Writer.CallIds, "long");
        Assert.Equal(3, kit.Writer.Lines.Count(l => l.StartsWith("agent_call,", StringComparison.Ordinal) && l.Contains("call_id=\"long\"", StringComparison.Ordinal)));
        Assert.Contains(kit.Writer.Lines, l => l.StartsWith("call,", StringComparison.Ordinal) && l.Contains("call_id=\"long\"", StringComparison.Ordinal) && l.Contains("legs=3i", StringComparison.Ordinal));
        Assert.Equal(41, kit.Writer.CallIds.Distinct().Count());
        Assert.Equal(kit.Writer.CallIds.Count, kit.Writer.CallIds.Distinct().Count());   // nothing written twice
    }

    [Fact]
    public async Task ACallWhoseRowsThePbxWritesLateStillLandsOnTheNextRun()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-40));
        kit.Pbx.InProgress(Now.AddMinutes(-30), Now).InProgress(Now.AddMinutes(-8), Now);   // the first holds the watermark
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();

        // The second call ends, but its rows are not in the log yet when the next run reads it.
        kit.Pbx.Active.RemoveAt(1);
        kit.Advance(Minute);
        var missed = await kit.SyncAsync();
        Assert.True(missed.Ok);
        Assert.Empty(kit.Writer.CallIds);

        kit.Pbx.Call("late", Now.AddMinutes(-8), TimeSpan.FromMinutes(9));
        kit.Advance(Minute);
        var next = await kit.SyncAsync();

        Assert.False(next.FullRead);
        Assert.Equal(["late"], kit.Writer.CallIds);
        Assert.Equal(Now.AddMinutes(-8) - Overlap, kit.Pbx.Reads[^1].PeriodFrom);
    }

    [Fact]
    public async Task ACallThatStartsAndEndsBetweenRunsWithItsRowsWrittenLateStillLands()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { IncrementalOverlap = TimeSpan.Zero });
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.InProgress(Now.AddMinutes(-8), Now);
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();
        // started just after that run, ended just before the next, listed only after it
        kit.Advance(Minute);
        await kit.SyncAsync();
        kit.Pbx.Call("between", Now.AddMinutes(1).AddSeconds(5), TimeSpan.FromSeconds(50));
        kit.Advance(Minute);
        var next = await kit.SyncAsync();

        Assert.False(next.FullRead);
        Assert.Equal(["between"], kit.Writer.CallIds);
    }

    [Fact]
    public async Task EveryFullSyncIntervalARunReadsEverythingAfterTheWatermarkAgain()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { FullSyncInterval = TimeSpan.FromMinutes(5) });
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now);

        var full = new List<bool>();
        for (var run = 0; run <= 10; run++)
        {
            full.Add((await kit.SyncAsync()).FullRead);
            kit.Advance(Minute);
        }

        Assert.Equal([true, false, false, false, false, true, false, false, false, false, true], full);
        Assert.Equal(Now.AddMinutes(-20) - kit.Options.MaxCallSpan, kit.Pbx.Reads[5].PeriodFrom);
    }

    [Fact]
    public async Task WithFullSyncIntervalZeroEveryRunIsFullAsBefore()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { FullSyncInterval = TimeSpan.Zero });
        await kit.SetWatermarkAsync(Now.AddMinutes(-20));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now).Call("done", Now.AddMinutes(-10));

        var results = new List<CallLogSyncResult>();
        for (var run = 0; run < 3; run++)
        {
            results.Add(await kit.SyncAsync());
            kit.Advance(Minute);
        }

        Assert.All(results, r => Assert.True(r.FullRead));
        Assert.All(kit.Pbx.Reads, r => Assert.Equal(Now.AddMinutes(-20) - kit.Options.MaxCallSpan, r.PeriodFrom));
        Assert.Equal(["done", "done", "done"], kit.Writer.CallIds);
    }

    [Fact]
    public async Task AfterAFailedRunTheNextRunIsFull()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now);
        await kit.SyncAsync();
        kit.Advance(Minute);
        kit.Pbx.CallLogFailure = new XapiException(XapiFailureKind.ServerError, "GetCallLogData: 500 (test).", "/xapi/v1/ReportCallLogData", 500);
        Assert.False((await kit.SyncAsync()).Ok);

        kit.Pbx.CallLogFailure = null;
        kit.Advance(Minute);
        var next = await kit.SyncAsync();

        Assert.True(next.Ok);
        Assert.True(next.FullRead);
        Assert.Equal(Now.AddMinutes(-20) - kit.Options.MaxCallSpan, kit.Pbx.Reads[^1].PeriodFrom);
    }

    [Fact]
    public async Task WithoutActiveCallsEveryRunIsFull()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddHours(-3));
        kit.Pbx.ActiveCallsFailure = new XapiException(XapiFailureKind.Forbidden, "ActiveCalls: 403 Forbidden (test).", "/xapi/v1/ActiveCalls", 403);

        var results = new List<CallLogSyncResult>();
        for (var run = 0; run < 3; run++)
        {
            results.Add(await kit.SyncAsync());
            kit.Advance(Minute);
        }

        Assert.All(results, r => Assert.True(r.Ok && r.FullRead));
    }

    [Fact]
    public async Task ARestartedCollectorReadsFromTheStoredWatermarkWithItsMarginAgain()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now);
        await kit.SyncAsync();
        kit.Advance(Minute);
        Assert.False((await kit.SyncAsync()).FullRead);

        kit.Sync.IncrementalStateOf("hq").Reset();   // what a new process starts with: nothing remembered
        kit.Advance(Minute);
        var restarted = await kit.SyncAsync();

        Assert.True(restarted.FullRead);
        Assert.Equal(Now.AddMinutes(-20) - kit.Options.MaxCallSpan, kit.Pbx.Reads[^1].PeriodFrom);
    }

    [Fact]
    public async Task AnIncrementalRunStillRecognisesACallThatBeganBeforeItsWindowFromMemory()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-25), Now);
        // A finished call with a first leg 20 minutes ago and a later leg 1 minute ago: an incremental read sees only the later leg.
        kit.Pbx.Call("spanning", Now.AddMinutes(-20), TimeSpan.FromMinutes(19));
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();   // from the watermark once more after the start
        kit.Advance(Minute);
        var result = await kit.SyncAsync();

        Assert.False(result.FullRead);
        Assert.True(kit.Pbx.Reads[^1].PeriodFrom > Now.AddMinutes(-19));   // its first leg is not read again
        Assert.Equal(0, result.Calls);
        Assert.Equal(["spanning"], kit.Writer.CallIds);   // written once, by the full run; never again from its later leg alone
    }

    [Fact]
    public async Task TheRunPointSaysWhetherTheRunWasFullAndHowManyCallsWereUnchanged()
    {
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-10));
        kit.Pbx.InProgress(Now.AddMinutes(-9), Now).Call("a", Now.AddMinutes(-2));
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();

        var payloads = await kit.OutboxAsync();

        Assert.Contains(",full_read=1i,calls_unchanged=0i,calls=1i,", payloads[0]);
        Assert.Contains(",full_read=0i,calls_unchanged=1i,calls=0i,", payloads[1]);
    }
}
