using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Sync;

public class WatermarkRuleTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    static readonly CallLogOptions Options = new();   // settle 30 s, horizon 2 h

    [Fact]
    public void WithNoCallInProgressTheWatermarkGoesToNowMinusTheSettleDelay()
    {
        var next = WatermarkRule.Next(Now.AddMinutes(-5), new InProgressCalls(Now, true, null, 0), Options);

        Assert.Equal(Now.AddSeconds(-30), next);
    }

    [Fact]
    public void ACallInProgressHoldsTheWatermarkAtItsStart()
    {
        var next = WatermarkRule.Next(Now.AddMinutes(-30), new InProgressCalls(Now, true, Now.AddMinutes(-12), 3), Options);

        Assert.Equal(Now.AddMinutes(-12), next);
    }

    [Fact]
    public void ACallThatStartedWithinTheSettleDelayDoesNotMatter()
    {
        var next = WatermarkRule.Next(Now.AddMinutes(-30), new InProgressCalls(Now, true, Now.AddSeconds(-10), 1), Options);

        Assert.Equal(Now.AddSeconds(-30), next);
    }

    [Fact]
    public void TheWatermarkNeverMovesBackwards()
    {
        var previous = Now.AddMinutes(-5);

        var next = WatermarkRule.Next(previous, new InProgressCalls(Now, true, Now.AddMinutes(-20), 1), Options);

        Assert.Equal(previous, next);
    }

    [Fact]
    public void WithoutActiveCallsTheWatermarkStaysTheHorizonBehindNow()
    {
        Assert.Equal(Now.AddHours(-2), WatermarkRule.Next(Now.AddHours(-3), InProgressCalls.Unknown(Now), Options));
        Assert.Equal(Now.AddMinutes(-10), WatermarkRule.Next(Now.AddMinutes(-10), InProgressCalls.Unknown(Now), Options));
    }

    [Fact]
    public void ACallInProgressLongerThanTheHorizonHoldsTheWatermarkOnlyAtTheHorizon()
    {
        var next = WatermarkRule.Next(Now.AddDays(-1), new InProgressCalls(Now, true, Now.AddHours(-7), 1), Options);

        Assert.Equal(Now.AddHours(-2), next);
    }

    [Fact]
    public void ThePbxClockIsServerNowAndTheEarliestStartIsEstablishedAtElseLastChangeStatus()
    {
        var local = Now.AddMinutes(5);
        ActiveCall[] calls =
        [
            new() { EstablishedAt = Now.AddMinutes(-3), LastChangeStatus = Now.AddMinutes(-1), ServerNow = Now },
            new() { LastChangeStatus = Now.AddMinutes(-8), ServerNow = Now.AddSeconds(-1) },
        ];

        var summary = InProgressCallsReader.Summarise(calls, Now.AddSeconds(-30), local);

        Assert.Equal(new InProgressCalls(Now, true, Now.AddMinutes(-8), 2, PbxClockSource.ServerNow, local), summary);
        Assert.Equal(TimeSpan.FromMinutes(-5), summary.Skew);
    }

    [Fact]
    public void WithNoCallInProgressThePbxClockIsTheDateHeaderOfTheAnswer()
    {
        var summary = InProgressCallsReader.Summarise([], Now.AddMinutes(-2), Now);

        Assert.Equal(new InProgressCalls(Now.AddMinutes(-2), true, null, 0, PbxClockSource.DateHeader, Now), summary);
        Assert.Equal(TimeSpan.FromMinutes(-2), summary.Skew);
    }

    [Fact]
    public void WithNeitherServerNowNorADateHeaderTheClockIsThisMachinesAndSaysSo()
    {
        var summary = InProgressCallsReader.Summarise([], null, Now);

        Assert.Equal(new InProgressCalls(Now, true, null, 0, PbxClockSource.LocalClock, Now), summary);
        Assert.False(summary.ClockFromPbx);
        Assert.Null(summary.Skew);
    }

    [Fact]
    public void APbxClockBehindOursKeepsTheWatermarkBehindThePbxsNowNotOurs()
    {
        var local = Now;
        var pbx = Now.AddMinutes(-2);
        var calls = InProgressCallsReader.Summarise([], pbx, local);

        var next = WatermarkRule.Next(Now.AddMinutes(-10), calls, Options);

        Assert.Equal(pbx.AddSeconds(-30), next);
        Assert.True(WatermarkRule.IsSkewBeyondTolerance(calls, Options));
    }

    [Fact]
    public void WhenThePbxShowsNoClockTheWatermarkNeverPassesTheNewestRowItListed()
    {
        var calls = InProgressCallsReader.Summarise([], null, Now);

        Assert.Equal(Now.AddMinutes(-5).AddSeconds(-30), WatermarkRule.Next(Now.AddMinutes(-10), calls, Options, Now.AddMinutes(-5)));
        Assert.Equal(Now.AddSeconds(-30), WatermarkRule.Next(Now.AddMinutes(-10), calls, Options, Now.AddMinutes(5)));
    }

    [Fact]
    public void WhenThePbxShowsNoClockAndNoRowTheWatermarkStays()
    {
        var previous = Now.AddMinutes(-10);

        Assert.Equal(previous, WatermarkRule.Next(previous, InProgressCallsReader.Summarise([], null, Now), Options));
    }

    [Fact]
    public void WithoutActiveCallsTheHorizonIsAlsoCappedByTheNewestRowListed()
    {
        Assert.Equal(Now.AddHours(-3).AddSeconds(-30), WatermarkRule.Next(Now.AddDays(-1), InProgressCalls.Unknown(Now), Options, Now.AddHours(-3)));
    }

    [Fact]
    public void ASkewWithinMaxClockSkewEitherWayIsNoWarningAndBeyondItIs()
    {
        Assert.False(WatermarkRule.IsSkewBeyondTolerance(InProgressCallsReader.Summarise([], Now.AddSeconds(29), Now), Options));
        Assert.False(WatermarkRule.IsSkewBeyondTolerance(InProgressCallsReader.Summarise([], Now.AddSeconds(-30), Now), Options));
        Assert.True(WatermarkRule.IsSkewBeyondTolerance(InProgressCallsReader.Summarise([], Now.AddMinutes(5), Now), Options));
        Assert.False(WatermarkRule.IsSkewBeyondTolerance(InProgressCallsReader.Summarise([], null, Now.AddHours(1)), Options));   // no PBX clock: unknown
    }

    [Fact]
    public void ACallInProgressWithoutAnyTimeCountsAsOlderThanTheHorizon()
    {
        var summary = InProgressCallsReader.Summarise([new ActiveCall { Id = 1, ServerNow = Now }], null, Now);

        Assert.Equal(Now.AddHours(-2), WatermarkRule.Next(Now.AddDays(-1), summary, Options));
    }
}
