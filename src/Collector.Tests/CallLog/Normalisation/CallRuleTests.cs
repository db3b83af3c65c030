using Collector.ThreeCx;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class CallRuleTests
{
    [Fact]
    public void AnInboundRowMakesTheCallInboundEvenWhenItWasForwardedOut()
    {
        var call = Single(Queue("c1", 0, 8, answered: false, reason: "Sales (800) was replaced by +4940987654"), Outbound("c1", 8, 3, 60));

        Assert.Equal("inbound", call.Direction);
    }

    [Fact]
    public void OutboundWinsOverInternal()
    {
        var call = Single(Agent("c1", 0, 3, 10, direction: "Internal"), Outbound("c1", 13, 3, 60));

        Assert.Equal("outbound", call.Direction);
    }

    [Fact]
    public void InternalCallsAreInternal()
    {
        Assert.Equal("internal", Single(Agent("c1", 0, 3, 10, direction: "Internal")).Direction);
    }

    [Theory]
    [InlineData("+4930123456", "10000", "101", "", "inbound")]       // E.164 caller
    [InlineData("anonymous", "10000", "101", "", "inbound")]         // withheld: not a short number
    [InlineData("030123456", "10000", "101", "", "inbound")]         // 7 digits or more
    [InlineData("101", "101", "10000", "+4940987654", "outbound")]   // an extension dials out
    [InlineData("101", "101", "102", "", "internal")]
    [InlineData("", "101", "102", "", "internal")]                   // no caller id: the DN decides
    public void WithoutAnyDirectionTheNumbersDecide(string sourceCallerId, string sourceDn, string destinationDn, string destinationCallerId, string expected)
    {
        var row = new CallLogRow
        {
            StartTime = T0, SourceCallerId = sourceCallerId, SourceDn = sourceDn, DestinationDn = destinationDn,
            DestinationCallerId = destinationCallerId, TalkingDuration = TimeSpan.FromSeconds(30), Answered = true,
        };

        Assert.Equal(expected, Single(row).Direction);
    }

    [Fact]
    public void ALegacyRowIsACallOfItsOwnWithItsOwnDurationsAndNoPassagesOrAgents()
    {
        var row = Queue("ignored", 0, 12, answered: true) with
        {
            MainCallHistoryId = null, CallHistoryId = null, CdrId = null, Direction = null, CallType = null, Status = null,
        };

        var call = Single(row);

        Assert.Equal("inbound", call.Direction);
        Assert.Equal("answered", call.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(0.1), call.Ring);
        Assert.Equal(TimeSpan.FromSeconds(11.9), call.Talk);
        Assert.Empty(call.Passages);
        Assert.Empty(call.AgentLegs);
    }

    [Fact]
    public void TheCallIsAnsweredWhenAnyAgentLegWasAnsweredEvenAfterAnUnansweredLeg()
    {
        var call = Single(Queue("c1", 0, 20, answered: true), Agent("c1", 0, 15, 0, dn: "102"), Agent("c1", 15, 5, 40));

        Assert.Equal("answered", call.Outcome);
        Assert.True(call.Answered);
    }

    [Fact]
    public void TheCallIsAbandonedOnlyWhenItsLastPassageWasAbandoned()
    {
        var abandonedLast = Single(Queue("c1", 0, 150, answered: false, reason: "Sales (800) was replaced by Support (801)"),
                                   Queue("c1", 150, 30, answered: false, dn: "801", name: "Support"));
        var ivrHangUp = Single(Ivr("c2", 0, 5));
        var unansweredDirect = Single(Ivr("c3", 0, 5), Agent("c3", 5, 20, 0));

        Assert.Equal("abandoned", abandonedLast.Outcome);
        Assert.Equal(["overflow", "abandoned"], abandonedLast.Passages.Select(p => p.Outcome));
        Assert.Equal("unanswered", ivrHangUp.Outcome);
        Assert.Equal("unanswered", unansweredDirect.Outcome);
    }

    [Fact]
    public void StartEndDurationTalkRingAndLegsComeFromTheRows()
    {
        // IVR 0–10, queue 10–25 (answered), 102 rings 10–25 unanswered, 101 rings 20–25 and talks 60 s, transfer to 103 (4 s ring, 30 s talk).
        var call = Single(Ivr("c1", 0, 10), Queue("c1", 10, 15, answered: true), Agent("c1", 10, 15, 0, dn: "102"),
                          Agent("c1", 20, 5, 60), Agent("c1", 85, 4, 30, dn: "103"));

        Assert.Equal(At(0), call.Start);
        Assert.Equal(At(119), call.End);
        Assert.Equal(TimeSpan.FromSeconds(119), call.Duration);
        Assert.Equal(TimeSpan.FromSeconds(90), call.Talk);
        Assert.Equal(TimeSpan.FromSeconds(24), call.Ring);
        Assert.Equal(5, call.Legs);
    }
}
