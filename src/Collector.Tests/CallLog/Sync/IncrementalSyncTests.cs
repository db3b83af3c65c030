using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// Incremental runs (docs/call-log-sync.md, "Incremental runs") on an in-memory PBX and a fake clock: each run reads only
/// where new rows can be (the stretch since the last run less the overlap), a call in progress lands whole within
/// <c>CallLog:EndedCallsReadInterval</c> after it ends, with the watermark held at its start until then (so a restart still
/// lands it), rows written late still land, and the bounded cadence, a failure and a restart go back to full runs.
/// </summary>
public class IncrementalSyncTests
{
    static readonly DateTimeOffset Now = SyncTestKit.Start;
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    static readonly TimeSpan Overlap = new CallLogOptions().IncrementalOverlap;
    static readonly TimeSpan Cadence = new CallLogOptions().EndedCallsReadInterval;

    [Fact]
    public async Task AfterTheFirstFullRunEachRunReadsOnlyTheStretchSinceTheLastRunLessTheOverlap()
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
            // The first run after a start's full one reads from the watermark once more (what ended unseen before the start:
            // a stretch run); then the stretch since the last run less the overlap (which covers the stretch before it, kept
            // for rows written late: SettleDelay).
            Assert.Equal(run == 1 ? Now.AddMinutes(-20) : Now.AddMinutes(run - 1) - Overlap, read.PeriodFrom);
            Assert.Equal(run == 1, result.EndedCallsRead);
            Assert.Equal(Now.AddMinutes(run) + kit.Options.MaxCallSpan, read.PeriodTo);   // past now: a call that ends while the log is read is seen to end after now
            Assert.Equal(Now.AddMinutes(-20), await kit.WatermarkAsync());
        }

        // each call written once: no run rewrote an unchanged call
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"c{i}").Order(), kit.Writer.CallIds.Order());
    }

    [Fact]
    public async Task ARunAfterAnotherInstanceRanThePbxReadsInFullInsteadOfFromItsStaleMemory()
    {
        // A cluster hands each firing of a PBX's sync to any node: a node's memory is only as fresh as its last run there.
        await using var kit = new SyncTestKit();
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-20), Now);   // holds the watermark: no run below moves it
        var other = kit.AnotherInstance();

        Assert.True((await kit.SyncAsync()).FullRead);
        kit.Advance(Minute);
        Assert.False((await kit.SyncAsync()).FullRead);
        kit.Advance(Minute);
        Assert.True((await other.SyncOnceAsync(kit.PbxOptions, CancellationToken.None)).FullRead);   // the other node: no memory yet
        kit.Advance(Minute);

        var back = await kit.SyncAsync();
        var again = await kit.SyncAsync();

        Assert.True(back.Ok, back.Error?.ToString());
        Assert.True(back.FullRead, "the first node read from its memory of two runs ago, though the other node ran the PBX since");
        Assert.False(again.FullRead);   // its own last run: its memory is good again
        Assert.Equal(Now.AddMinutes(-20), await kit.WatermarkAsync());
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
        var endedAt = Now.AddMinutes(41);

        // Ordinary runs go on reading only the last minutes; its stretch waits for the cadence, the watermark at its start.
        CallLogSyncResult ended;
        var waited = new List<CallLogSyncResult>();
        while (true)
        {
            kit.Advance(Minute);
            ended = await kit.SyncAsync();
            Assert.True(ended.Ok, ended.Error?.ToString());
            Assert.False(ended.FullRead);
            if (ended.EndedCallsRead) break;
            waited.Add(ended);
            Assert.Equal(kit.Time.GetUtcNow() - Minute - Overlap, kit.Pbx.Reads[^1].PeriodFrom);
            Assert.Equal(start, await kit.WatermarkAsync());
            Assert.DoesNotContain("long", kit.Writer.CallIds);
        }

        Assert.Equal(endedAt + Cadence, kit.Time.GetUtcNow());   // read as soon as the cadence allowed, not later
        Assert.All(waited, r => Assert.Equal(1, r.EndedCallsPending));
        Assert.Equal(start, kit.Pbx.Reads[^1].PeriodFrom);   // from its start (the overlap stops at the watermark)
        Assert.Single(kit.Writer.CallIds, "long");
        Assert.Equal(3, kit.Writer.Lines.Count(l => l.StartsWith("agent_call,", StringComparison.Ordinal) && l.Contains("call_id=\"long\"", StringComparison.Ordinal)));
        Assert.Contains(kit.Writer.Lines, l => l.StartsWith("call,", StringComparison.Ordinal) && l.Contains("call_id=\"long\"", StringComparison.Ordinal) && l.Contains("legs=3i", StringComparison.Ordinal));
        Assert.Equal(41, kit.Writer.CallIds.Distinct().Count());
        Assert.Equal(kit.Writer.CallIds.Count, kit.Writer.CallIds.Distinct().Count());   // nothing written twice

        // Read, and once more a run later for rows written late (SettleDelay); then nothing holds the watermark.
        Assert.Equal(0, ended.EndedCallsPending);
        kit.Advance(Minute);
        Assert.True((await kit.SyncAsync()).Ok);
        Assert.True(await kit.WatermarkAsync() > start);
    }

    [Fact]
    public async Task WithEndedCallsReadAtOnceACallWhoseRowsThePbxWritesLateStillLandsOnTheNextRun()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { EndedCallsReadInterval = TimeSpan.Zero });
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
        Assert.True(missed.EndedCallsRead);
        Assert.Empty(kit.Writer.CallIds);

        kit.Pbx.Call("late", Now.AddMinutes(-8), TimeSpan.FromMinutes(9));
        kit.Advance(Minute);
        var next = await kit.SyncAsync();

        Assert.False(next.FullRead);
        Assert.True(next.EndedCallsRead);
        Assert.Equal(["late"], kit.Writer.CallIds);
        Assert.Equal(Now.AddMinutes(-8) - Overlap, kit.Pbx.Reads[^1].PeriodFrom);
    }

    [Fact]
    public async Task ACallWhoseRowsThePbxWritesLateLandsByTheStretchRun()
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

        kit.Pbx.Call("late", Now.AddMinutes(-8), TimeSpan.FromMinutes(5));
        CallLogSyncResult next;
        do
        {
            kit.Advance(Minute);
            next = await kit.SyncAsync();
            Assert.False(next.FullRead);
        }
        while (!next.EndedCallsRead && kit.Time.GetUtcNow() < Now.AddMinutes(3) + Cadence);

        Assert.True(next.EndedCallsRead);
        Assert.Equal(Now.AddMinutes(2) + Cadence, kit.Time.GetUtcNow());   // the cadence after the run that found it ended
        Assert.Equal(["late"], kit.Writer.CallIds);
        Assert.Equal(Now.AddMinutes(-8) - Overlap, kit.Pbx.Reads[^1].PeriodFrom);
    }

    [Fact]
    public async Task WithEndedCallsReadIntervalZeroAnEndedCallIsReadFromItsStartAtOnceAsBefore()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { EndedCallsReadInterval = TimeSpan.Zero });
        var ended = await EndACallAfterTwoRunsAsync(kit);

        Assert.True(ended.EndedCallsRead);
        Assert.Equal(Now.AddMinutes(-8), kit.Pbx.Reads[^1].PeriodFrom);   // from its start (the overlap stops at the watermark)
        Assert.Equal(["p"], kit.Writer.CallIds);
    }

    [Fact]
    public async Task WithoutStoredPointsToCompareWithTheEndedCallsAreReadAtOnce()
    {
        // InfluxDB 2.x and 3: no window could replace a late leg written alone, so nothing is deferred.
        await using var kit = new SyncTestKit(replacesStalePoints: false);
        var ended = await EndACallAfterTwoRunsAsync(kit);

        Assert.True(ended.EndedCallsRead);
        Assert.Equal(["p"], kit.Writer.CallIds);
    }

    [Fact]
    public async Task TheWatermarkStaysAtTheStartOfAnEndedCallUntilItsStretchIsRead()
    {
        await using var kit = new SyncTestKit();
        var ended = await EndACallAfterTwoRunsAsync(kit);

        // Nothing else is in progress, so without the ended call the watermark would move to now − SettleDelay.
        Assert.False(ended.EndedCallsRead);
        Assert.Equal(1, ended.EndedCallsPending);
        Assert.Empty(kit.Writer.CallIds);
        Assert.Equal(Now.AddMinutes(-8), await kit.WatermarkAsync());
        Assert.Equal(Now.AddMinutes(1) - Overlap, kit.Pbx.Reads[^1].PeriodFrom);   // only the stretch since the last run

        for (var run = 0; run < 3; run++)
        {
            kit.Advance(Minute);
            Assert.False((await kit.SyncAsync()).EndedCallsRead);
            Assert.Equal(Now.AddMinutes(-8), await kit.WatermarkAsync());
        }
    }

    [Fact]
    public async Task ARestartWhileAnEndedCallWaitsForItsStretchStillLandsTheCall()
    {
        await using var kit = new SyncTestKit();
        await EndACallAfterTwoRunsAsync(kit);
        kit.Advance(Minute);
        await kit.SyncAsync();
        Assert.Empty(kit.Writer.CallIds);

        kit.Sync.IncrementalStateOf("hq").Reset();   // a new process: nothing remembered, only the stored watermark
        kit.Advance(Minute);
        var restarted = await kit.SyncAsync();

        Assert.True(restarted.FullRead);
        Assert.Equal(["p"], kit.Writer.CallIds);
        Assert.Contains(kit.Writer.Lines, l => l.StartsWith("call,", StringComparison.Ordinal) && l.Contains("legs=2i", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CallsThatEndAtDifferentRunsAreReadTogetherInOneReadFromTheEarliestStart()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { FullSyncInterval = TimeSpan.FromDays(1) });
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-25), Now).InProgress(Now.AddMinutes(-20), Now).InProgress(Now.AddMinutes(-15), Now);
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();

        kit.Pbx.Active.RemoveAt(2);
        kit.Pbx.Call("third", Now.AddMinutes(-15), TimeSpan.FromMinutes(3));
        var results = new List<CallLogSyncResult>();
        for (var run = 2; run <= 7; run++)
        {
            if (run == 4)
            {
                kit.Pbx.Active.RemoveAt(1);
                kit.Pbx.Call("second", Now.AddMinutes(-20), TimeSpan.FromMinutes(4));
            }
            kit.Advance(Minute);
            results.Add(await kit.SyncAsync());
        }

        // Found at the run at +2 min and +4 min; both read by the run at +2 min + the cadence, in one read.
        Assert.Equal([false, false, false, false, false, true], results.Select(r => r.EndedCallsRead));
        Assert.Equal(Now.AddMinutes(2) + Cadence, Now.AddMinutes(7));
        Assert.Equal(Now.AddMinutes(-20) - Overlap, kit.Pbx.Reads[^1].PeriodFrom);
        Assert.Equal(["second", "third"], kit.Writer.CallIds.Order());
        Assert.Equal([1, 1, 2, 2, 2, 0], results.Select(r => r.EndedCallsPending));
        Assert.Equal(Now.AddMinutes(-25), await kit.WatermarkAsync());   // the first call is still in progress
    }

    /// <summary>
    /// Watermark 30 minutes back, a call in progress since 8 minutes back (the only one), a full run and an incremental
    /// one; then the call ends (legs at its start and 3 minutes later) and the next run, a minute later, finds it ended.
    /// </summary>
    static async Task<CallLogSyncResult> EndACallAfterTwoRunsAsync(SyncTestKit kit)
    {
        await kit.SetWatermarkAsync(Now.AddMinutes(-30));
        kit.Pbx.InProgress(Now.AddMinutes(-8), Now);
        Assert.True((await kit.SyncAsync()).FullRead);
        kit.Advance(Minute);
        Assert.False((await kit.SyncAsync()).FullRead);
        Assert.Equal(Now.AddMinutes(-8), await kit.WatermarkAsync());

        kit.Pbx.Active.Clear();
        kit.Pbx.Call("p", Now.AddMinutes(-8), TimeSpan.FromMinutes(3));
        kit.Advance(Minute);
        var ended = await kit.SyncAsync();
        Assert.True(ended.Ok, ended.Error?.ToString());
        Assert.False(ended.FullRead);
        return ended;
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

    [Fact]
    public async Task TheRunPointSaysWhetherTheRunReadTheEndedCallsAndHowManyStillWait()
    {
        await using var kit = new SyncTestKit(new CallLogOptions { EndedCallsReadInterval = TimeSpan.FromMinutes(2) });
        await EndACallAfterTwoRunsAsync(kit);
        kit.Advance(Minute);
        await kit.SyncAsync();
        kit.Advance(Minute);
        await kit.SyncAsync();   // two minutes after the run that found it ended

        var payloads = await kit.OutboxAsync();

        Assert.Contains(",stretch_read=0i,ended_calls_pending=0i,", payloads[0]);   // the full run
        Assert.Contains(",stretch_read=1i,ended_calls_pending=0i,", payloads[1]);   // from the watermark once more after the start
        Assert.Contains(",stretch_read=0i,ended_calls_pending=1i,", payloads[2]);
        Assert.Contains(",stretch_read=0i,ended_calls_pending=1i,", payloads[3]);
        Assert.Contains(",stretch_read=1i,ended_calls_pending=0i,", payloads[4]);
    }
}
