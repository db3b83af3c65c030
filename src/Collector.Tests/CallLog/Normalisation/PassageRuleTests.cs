using Collector.CallLog.Normalisation;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class PassageRuleTests
{
    [Fact]
    public void APassageIsTheQueueRowWithItsDisplayNameEntryAndWholeWait()
    {
        var call = Single(Ivr("c1", 0, 10), Queue("c1", 10, 12.5, answered: false, dn: "802", name: "Billing"));

        var p = Assert.Single(call.Passages);
        Assert.Equal("802", p.Queue);
        Assert.Equal("Billing", p.QueueName);
        Assert.Equal(At(10), p.Enter);
        Assert.Equal(TimeSpan.FromSeconds(12.5), p.Wait);
        Assert.Equal(p.LegKey, call.Passages[0].LegKey);
        Assert.StartsWith("cdr-", p.LegKey);
    }

    [Fact]
    public void WithoutDestinationDnTheQueueComesFromTheDisplayForm()
    {
        var p = Assert.Single(Single(Queue("c1", 0, 10, answered: false) with { DestinationDn = null }).Passages);

        Assert.Equal("800", p.Queue);
        Assert.Equal("Sales", p.QueueName);
    }

    [Fact]
    public void StatusWaitingMeansAnsweredAndTheAgentIsTheOneWhoseAnswerEndsTheWait()
    {
        // 102 rang first without answering; 101 answered at 10 + 8 = 18, the end of the queue row.
        var call = Single(Queue("c1", 10, 8, answered: true, reason: "Sales (800) was replaced by Nowak, Felix (103)"),
                          Agent("c1", 10, 6, 0, dn: "102"), Agent("c1", 14, 4, 95), Agent("c1", 200, 3, 20, dn: "103"));

        var p = Assert.Single(call.Passages);
        Assert.Equal(PassageOutcomes.Answered, p.Outcome);
        Assert.Equal("101", p.Agent);
        Assert.Equal(TimeSpan.FromSeconds(95), p.Talk);
    }

    [Fact]
    public void TheAnswerMayMissTheQueueEndByRoundingButNotBySeconds()
    {
        var rounded = Single(Queue("c1", 10, 8, answered: true), Agent("c1", 14, 4.000003, 95));
        var elsewhere = Single(Queue("c2", 10, 8, answered: true), Agent("c2", 14, 5, 95));

        Assert.Equal("101", rounded.Passages[0].Agent);
        Assert.Null(elsewhere.Passages[0].Agent); // no Reason either: answered, agent unknown
        Assert.Equal(TimeSpan.Zero, elsewhere.Passages[0].Talk);
        Assert.Equal("answered", elsewhere.Outcome);
    }

    [Fact]
    public void WhenTimesDoNotLineUpTheReasonNamesTheAgentAndTheirRowGivesTheTalk()
    {
        // As in the live sample (notes §6): the agent's row starts well after the queue row ends.
        var call = Single(Queue("c1", 0, 17.8, answered: true, reason: "Call Center (8524) was replaced by Tajkowski, Stephanie (9027)"),
                          Agent("c1", 51.2, 0, 72.5, dn: "9027", display: "Tajkowski, Stephanie"));

        var p = Assert.Single(call.Passages);
        Assert.Equal("9027", p.Agent);
        Assert.Equal(TimeSpan.FromSeconds(72.5), p.Talk);
        Assert.Equal(TimeSpan.FromSeconds(51.2), p.Wait);   // the caller heard nobody until the agent answered
    }

    [Fact]
    public void TheWaitOfAnAnsweredPassageEndsWhenTheAgentAnswersNotWhenTheQueueRowEnds()
    {
        // The queue row ends at 12 (the queue starts ringing agents); 102 rings 15 s unanswered, 101's row starts at its answer.
        var call = Single(Queue("c1", 0, 12, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)"),
                          Agent("c1", 12, 15, 0, dn: "102"), Agent("c1", 34.5, 0, 80));

        var p = Assert.Single(call.Passages);
        Assert.Equal(("101", TimeSpan.FromSeconds(34.5), TimeSpan.FromSeconds(80)), (p.Agent, p.Wait, p.Talk));
    }

    [Fact]
    public void AnAnswerThatRangWithinTheQueueRowCountsFromItsAnswerAndNeverEndsTheWaitBeforeTheQueueRow()
    {
        var rang = Single(Queue("c1", 0, 5, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)"), Agent("c1", 3, 6, 40));
        var early = Single(Queue("c2", 0, 20, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)"), Agent("c2", 3, 6, 40));

        Assert.Equal(TimeSpan.FromSeconds(9), rang.Passages[0].Wait);
        Assert.Equal(TimeSpan.FromSeconds(20), early.Passages[0].Wait);
    }

    [Fact]
    public void WithoutAReasonTheFirstAnswerAfterTheQueueRowIsTheAgentsAndEndsTheWait()
    {
        var call = Single(Queue("c1", 0, 12, answered: true), Agent("c1", 30, 0, 80), Agent("c1", 115, 4, 20, dn: "107", display: "Meyer, Zoe"));

        var p = Assert.Single(call.Passages);
        Assert.Equal(("101", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(80)), (p.Agent, p.Wait, p.Talk));
    }

    [Fact]
    public void AWaitWhoseAgentRowIsMissingEndsWithTheQueueRow()
    {
        var p = Assert.Single(Single(Queue("c1", 0, 10, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)")).Passages);

        Assert.Equal(TimeSpan.FromSeconds(10), p.Wait);
    }

    [Fact]
    public void AnAbandonedWaitEndsWithTheHangUpEvenWhenTheQueueRowEndedWhileAnAgentRang()
    {
        var call = Single(Queue("c1", 0, 8, answered: false), Agent("c1", 8, 9.5, 0));

        var p = Assert.Single(call.Passages);
        Assert.Equal(("abandoned", TimeSpan.FromSeconds(17.5)), (p.Outcome, p.Wait));
    }

    [Fact]
    public void AnOverflowWaitEndsWhenTheCallerEntersTheNextQueue()
    {
        var call = Single(Queue("c1", 0, 20, answered: false, reason: "Sales (800) was replaced by Support (801)"),
                          Queue("c1", 150, 9, answered: true, dn: "801", name: "Support"), Agent("c1", 159, 0, 60, dn: "102"));

        Assert.Equal([TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(9)], call.Passages.Select(p => p.Wait));
    }

    [Fact]
    public void ASecondPassageFindsItsOwnAgentAfterAGapAndTheFirstAgentIsNotTakenTwice()
    {
        // Answered in 800 by 101 after a gap, 101 transfers into 801, where 101 answers again after another gap.
        var call = Single(Queue("c1", 0, 3, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)"), Agent("c1", 11, 0, 60),
                          Queue("c1", 71, 2, answered: true, dn: "801", name: "Support", reason: "Support (801) was replaced by Berg, Anna (101)"),
                          Agent("c1", 90, 0, 30));

        Assert.Equal([("101", 11.0, 60.0), ("101", 19.0, 30.0)], call.Passages.Select(p => (p.Agent!, p.Wait.TotalSeconds, p.Talk.TotalSeconds)));
    }

    [Fact]
    public void AnAgentNamedByTheReasonWithoutARowStillAnswersWithUnknownTalk()
    {
        var p = Assert.Single(Single(Queue("c1", 0, 10, answered: true, reason: "Sales (800) was replaced by Berg, Anna (101)")).Passages);

        Assert.Equal("101", p.Agent);
        Assert.Equal(TimeSpan.Zero, p.Talk);
    }

    [Fact]
    public void AfterATransferThePassageKeepsTheFirstAgentsTalk()
    {
        var call = Single(Queue("c1", 0, 5, answered: true), Agent("c1", 2, 3, 100),
                          Agent("c1", 105, 4, 50, dn: "107", display: "Meyer, Zoe") with { Reason = "Ended by +4930123456" });

        var p = Assert.Single(call.Passages);
        Assert.Equal("101", p.Agent);
        Assert.Equal(TimeSpan.FromSeconds(100), p.Talk);
        Assert.Equal(TimeSpan.FromSeconds(150), call.Talk);
    }

    [Fact]
    public void OneAgentRowAnswersOnePassageOnly()
    {
        // Answered in 800 by 101, transferred into queue 801 and answered there by 102; 101 answers again later.
        var call = Single(Queue("c1", 0, 5, answered: true), Agent("c1", 2, 3, 60),
                          Queue("c1", 65, 10, answered: true, dn: "801", name: "Support"), Agent("c1", 70, 5, 40, dn: "102"),
                          Agent("c1", 200, 5, 10));

        Assert.Equal(["101", "102"], call.Passages.Select(p => p.Agent));
        Assert.Equal([TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(40)], call.Passages.Select(p => p.Talk));
    }

    [Fact]
    public void AnUnansweredPassageFollowedByAnotherQueueIsAnOverflow()
    {
        var call = Single(Queue("c1", 0, 150, answered: false, reason: "Sales (800) was replaced by Support (801)"),
                          Queue("c1", 150, 9, answered: true, dn: "801", name: "Support"), Agent("c1", 155, 4, 60, dn: "102"));

        Assert.Equal(["overflow", "answered"], call.Passages.Select(p => p.Outcome));
        Assert.Null(call.Passages[0].Agent);
        Assert.Equal("answered", call.Outcome);
    }

    [Fact]
    public void AQueueThatHandsTheCallToAnotherDestinationOverflowsRatherThanAbandons()
    {
        var voicemail = Agent("c1", 45, 0, 30, dn: "999", display: "Voicemail") with { CallType = "Voicemail" };
        var call = Single(Queue("c1", 0, 45, answered: false, reason: "Sales (800) was replaced by Voicemail (999)"), voicemail);

        Assert.Equal("overflow", Assert.Single(call.Passages).Outcome);
        Assert.Equal("unanswered", call.Outcome);
    }

    [Fact]
    public void ACallerWhoHangsUpWhileAnAgentRingsAbandons()
    {
        var call = Single(Queue("c1", 0, 12, answered: false), Agent("c1", 4, 8, 0));

        Assert.Equal("abandoned", Assert.Single(call.Passages).Outcome);
        Assert.Equal("abandoned", call.Outcome);
    }

    [Fact]
    public void AReplacedReasonWithoutAnyLaterRowIsStillAnAbandon()
    {
        var call = Single(Queue("c1", 0, 12, answered: false, reason: "Sales (800) was replaced by Voicemail (999)"), Agent("c1", 4, 8, 0));

        Assert.Equal("abandoned", Assert.Single(call.Passages).Outcome);
    }

    [Fact]
    public void WithoutStatusTheAnsweredFlagDecidesThePassage()
    {
        var answered = Single(Queue("c1", 0, 8, answered: true) with { Status = null }, Agent("c1", 3, 5, 60));
        var abandoned = Single(Queue("c2", 0, 8, answered: false) with { Status = null });

        Assert.Equal("answered", answered.Passages[0].Outcome);
        Assert.Equal("abandoned", abandoned.Passages[0].Outcome);
    }
}
