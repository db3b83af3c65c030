using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class AgentLegTests
{
    [Fact]
    public void ExtensionRowsAreAgentLegsAtTheirDestinationWithTheNameFromTheDisplayForm()
    {
        var call = Single(Ivr("c1", 0, 10), Queue("c1", 10, 8, answered: true), Agent("c1", 10, 6, 0, dn: "102", display: "Kunze, Ben"), Agent("c1", 14, 4, 95));

        Assert.Equal(["102", "101"], call.AgentLegs.Select(l => l.Agent));
        Assert.Equal(["Kunze, Ben", "Berg, Anna"], call.AgentLegs.Select(l => l.AgentName));
        Assert.Equal([false, true], call.AgentLegs.Select(l => l.Answered));
        Assert.All(call.AgentLegs, l => Assert.Equal("inbound", l.Direction));
        var answered = call.AgentLegs[1];
        Assert.Equal(At(14), answered.Start);
        Assert.Equal(TimeSpan.FromSeconds(4), answered.Ring);
        Assert.Equal(TimeSpan.FromSeconds(95), answered.Talk);
    }

    [Fact]
    public void AnOutboundCallsAgentIsItsSource()
    {
        var leg = Assert.Single(Single(Outbound("c1", 0, 5, 70, agent: "106")).AgentLegs);

        Assert.Equal("106", leg.Agent);
        Assert.Equal("Anna Berg", leg.AgentName);
        Assert.Equal("outbound", leg.Direction);
        Assert.True(leg.Answered);
    }

    [Fact]
    public void IvrQueueAndInboundExternalRowsAreNotAgentLegs()
    {
        var forwarded = Outbound("c1", 20, 3, 30) with { Direction = "Inbound", SourceDn = "10000" };

        var call = Single(Ivr("c1", 0, 10), Queue("c1", 10, 10, answered: false, reason: "Sales (800) was replaced by +4940987654"), forwarded);

        Assert.Empty(call.AgentLegs);
    }

    [Fact]
    public void ALegWithoutItsDnIsSkippedAndANameThatIsOnlyTheDnIsNoName()
    {
        var call = Single(Agent("c1", 0, 3, 30) with { DestinationDn = null }, Agent("c1", 40, 3, 30, dn: "102") with { DestinationDisplayName = "102" });

        var leg = Assert.Single(call.AgentLegs);
        Assert.Equal("102", leg.Agent);
        Assert.Null(leg.AgentName);
    }

    [Fact]
    public void ALegWithoutDirectionTakesTheCallsDirection()
    {
        var call = Single(Queue("c1", 0, 8, answered: true), Agent("c1", 3, 5, 60) with { Direction = null });

        Assert.Equal("inbound", Assert.Single(call.AgentLegs).Direction);
    }
}
