using Collector.Live.Derivation;
using Collector.Tests.Live.Support;
using Collector.ThreeCx;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Live;

/// <summary>Whole snapshots from hand-made inputs: what each queue, agent and the PBX show.</summary>
public sealed class LiveDerivationTests
{
    static readonly XapiQueue[] Queues = [Queue("800", "Sales", "101", "102", "103"), Queue("801", "Support", "103", "104")];

    static readonly XapiUser[] Users = [User("101"), User("102"), User("103"), User("104")];

    [Fact]
    public void CallersRingingOrRoutedToAQueueWaitAndTheLongestWaitIsTheOldest()
    {
        var snapshot = Derive(
            [
                Call("+4930111", "800 Sales", "Ringing", secondsAgo: 12.5, id: 1),
                Call("+4930222", "800 Sales", "Routing", secondsAgo: 40.25, id: 2),
                Call("+4930333", "801 Support", "Ringing", secondsAgo: 3, id: 3),
                Call("+4930444", "8000 Main Menu", "Talking", secondsAgo: 7, id: 4),
            ],
            Queues, Users);

        Assert.Equal((2, 40.25), (snapshot.Queue("800").Waiting, snapshot.Queue("800").LongestWaitSeconds));
        Assert.Equal((1, 3.0), (snapshot.Queue("801").Waiting, snapshot.Queue("801").LongestWaitSeconds));
        Assert.Equal((4, 3, 40.25), (snapshot.Pbx.CallsActive, snapshot.Pbx.CallsWaiting, snapshot.Pbx.LongestWaitSeconds));
    }

    [Fact]
    public void AQueueIsMatchedByItsNumberWhetherTheCalleeCarriesANameOrNot()
    {
        var snapshot = Derive([Call("+4930111", "800", "Ringing", id: 1), Call("+4930222", "800 Whatever It Is Called", "Ringing", id: 2)], Queues, Users);

        Assert.Equal(2, snapshot.Queue("800").Waiting);
    }

    [Theory]
    [InlineData("nameDn")]
    [InlineData("bare")]
    [InlineData("mixed")]
    public void TheSameCallsWrittenInAnotherDisplayFormGiveTheSameSnapshot(string form)
    {
        // User 102's display name starts with queue 800's DN and the external caller's name with agent 101's.
        XapiUser[] users = [User("101", displayName: "Anna Berg"), User("102", displayName: "800 Hotline Desk"), User("103"), User("104")];
        ActiveCall[] Calls(Func<string, string, string> party, Func<string, string, string> external) =>
        [
            Call(external("101 Pizza", "+4930111"), party("800", "Sales"), "Ringing", secondsAgo: 12.5, id: 1),      // waits
            Call(external("TEST GUEST", "+4930222"), party("801", "Support"), "Routing", secondsAgo: 40.25, id: 2),  // waits
            Call(external("Guest", "+4930333"), party("101", "Anna Berg"), "Talking", id: 3),                      // answered
            Call(party("102", "800 Hotline Desk"), external("Supplier", "+4930999"), "Ringing", id: 4),             // dialling out
            Call(party("103", "User 103"), party("104", "User 104"), "Ringing", id: 5),                             // internal, rings
            Call(external("Guest", "+4930444"), party("8000", "Main Menu"), "Talking", id: 6),                      // in the IVR
        ];
        var expected = Derive(Calls((dn, name) => $"{dn} {name}", (_, number) => number), Queues, users);

        var written = form switch
        {
            "nameDn" => Calls((dn, name) => $"{name} ({dn})", (name, number) => $"Main Trunk:{name} ({number})"),
            "bare" => Calls((dn, _) => dn, (_, number) => number),
            _ => Calls((dn, name) => $"{dn} {name}", (name, number) => $"{name} ({number})"),
        };
        var snapshot = Derive(written, Queues, users);

        Assert.Equal(expected.Queues, snapshot.Queues);
        Assert.Equal(expected.Agents, snapshot.Agents);
        Assert.Equal(expected.Pbx, snapshot.Pbx);
        Assert.Equal((1, 1), (snapshot.Queue("800").Waiting, snapshot.Queue("801").Waiting));
        Assert.Equal([AgentState.OnCall, AgentState.OnCall, AgentState.OnCall, AgentState.Ringing], snapshot.Agents.Select(a => a.State));
    }

    [Fact]
    public void AnEmptyQueueHasNoWaitAndConnectedCallsAreNotWaiting()
    {
        var snapshot = Derive([Call("+4930111", "800 Sales", "Talking", id: 1), Call("+4930222", "800 Sales", "Rerouting", id: 2)], Queues, Users);

        Assert.Equal((0, 0.0), (snapshot.Queue("800").Waiting, snapshot.Queue("800").LongestWaitSeconds));
        Assert.Equal((0, 0.0), (snapshot.Queue("801").Waiting, snapshot.Queue("801").LongestWaitSeconds));
    }

    [Fact]
    public void TalkingDiallingAndRingingAgentsAreFoundAsCallerOrCallee()
    {
        var snapshot = Derive(
            [
                Call("+4930111", "101 User 101", "Talking", id: 1),  // answered queue call
                Call("102 User 102", "+4930999", "Ringing", id: 2),  // dialling out
                Call("+4930333", "103 User 103", "Ringing", id: 3),  // ringing
            ],
            Queues, Users);

        Assert.Equal(AgentState.OnCall, snapshot.Agent("101").State);
        Assert.Equal(AgentState.OnCall, snapshot.Agent("102").State);
        Assert.Equal(AgentState.Ringing, snapshot.Agent("103").State);
        Assert.Equal(AgentState.Available, snapshot.Agent("104").State);
        Assert.Equal([true, true, false, false], snapshot.Agents.Select(a => a.OnCall));
    }

    [Fact]
    public void AnInternalCallMakesTheCallerOnACallAndTheCalleeRinging()
    {
        var snapshot = Derive([Call("101 User 101", "104 User 104", "Ringing")], Queues, Users);

        Assert.Equal(AgentState.OnCall, snapshot.Agent("101").State);
        Assert.Equal(AgentState.Ringing, snapshot.Agent("104").State);
    }

    [Fact]
    public void BeingOnACallWinsOverASecondCallRingingAtTheSameAgent()
    {
        var snapshot = Derive([Call("+4930111", "101 User 101", "Ringing", id: 1), Call("+4930222", "101 User 101", "Talking", id: 2)], Queues, Users);

        Assert.Equal(AgentState.OnCall, snapshot.Agent("101").State);
    }

    [Fact]
    public void ACallToAnAgentWhoseProfileIsNotAvailableDoesNotMakeThemRinging()
    {
        var users = new[] { User("101", profile: "Away"), User("102", profile: "Lunch", queueStatus: "LoggedOut"), User("103"), User("104") };

        var snapshot = Derive([Call("+4930111", "101 User 101", "Ringing", id: 1), Call("+4930222", "102 User 102", "Ringing", id: 2)], Queues, users);

        Assert.Equal(AgentState.Away, snapshot.Agent("101").State);
        Assert.Equal(AgentState.LoggedOut, snapshot.Agent("102").State);
    }

    [Fact]
    public void QueuesCountOnlyLoggedInMembersAndTheThreeCountsAddUp()
    {
        var users = new[]
        {
            User("101"),                                       // available
            User("102", profile: "Away"),                      // away
            User("103", queueStatus: "LoggedOut"),             // logged out: counted nowhere
            User("104", registered: false),                    // offline: counted nowhere
        };

        var snapshot = Derive([Call("103 User 103", "+4930999", "Talking")], Queues, users);

        var sales = snapshot.Queue("800");
        Assert.Equal((2, 1, 0, 1), (sales.AgentsLoggedIn, sales.AgentsAvailable, sales.AgentsOnCall, sales.AgentsAway));
        var support = snapshot.Queue("801");
        Assert.Equal((0, 0, 0, 0), (support.AgentsLoggedIn, support.AgentsAvailable, support.AgentsOnCall, support.AgentsAway));
        Assert.Equal(AgentState.OnCall, snapshot.Agent("103").State);
        Assert.Equal(AgentState.Offline, snapshot.Agent("104").State);
    }

    [Fact]
    public void AQueueCountsRingingMembersAsOnACall()
    {
        var snapshot = Derive([Call("+4930111", "103 User 103", "Ringing", id: 1), Call("+4930222", "104 User 104", "Talking", id: 2)], Queues, Users);

        var support = snapshot.Queue("801");
        Assert.Equal((2, 0, 2, 0), (support.AgentsLoggedIn, support.AgentsAvailable, support.AgentsOnCall, support.AgentsAway));
        Assert.Equal((1, 1), (snapshot.Pbx.AgentsRinging, snapshot.Pbx.AgentsOnCall - snapshot.Pbx.AgentsRinging));
    }

    [Fact]
    public void AnAgentInTwoQueuesCountsInBothAndOnceForThePbx()
    {
        var snapshot = Derive([], Queues, Users);

        Assert.Equal(3, snapshot.Queue("800").AgentsAvailable);
        Assert.Equal(2, snapshot.Queue("801").AgentsAvailable);
        Assert.Equal(["101", "102", "103", "104"], snapshot.Agents.Select(a => a.Number));
        Assert.Equal((4, 4, 4), (snapshot.Pbx.AgentsTotal, snapshot.Pbx.AgentsLoggedIn, snapshot.Pbx.AgentsAvailable));
    }

    [Fact]
    public void PbxTotalsSplitAgentsIntoLoggedInLoggedOutAndOffline()
    {
        var users = new[] { User("101"), User("102", profile: "Away"), User("103", queueStatus: "LoggedOut") };

        var snapshot = Derive([Call("+4930111", "101 User 101", "Talking")], Queues, users);

        var pbx = snapshot.Pbx;
        Assert.Equal((4, 2, 0, 1, 1, 1, 1), (pbx.AgentsTotal, pbx.AgentsLoggedIn, pbx.AgentsAvailable, pbx.AgentsOnCall, pbx.AgentsAway, pbx.AgentsLoggedOut, pbx.AgentsOffline));
    }

    [Fact]
    public void AMemberWithoutAUserIsOfflineAndUsersWhoAreNoMembersAreNotAgents()
    {
        var snapshot = Derive([], Queues, [User("101"), User("102"), User("103"), User("999")]);

        Assert.Equal(AgentState.Offline, snapshot.Agent("104").State);
        Assert.False(snapshot.Agent("104").Registered);
        Assert.DoesNotContain(snapshot.Agents, a => a.Number == "999");
    }

    [Fact]
    public void QueuesWithoutANumberAndRepeatedMembersAreSkipped()
    {
        XapiQueue[] queues = [Queue("800", "Sales", "101", "101", "102"), new XapiQueue { Name = "No number", Agents = [new QueueAgent { Number = "103" }] }];

        var snapshot = Derive([], queues, Users);

        Assert.Equal(["800"], snapshot.Queues.Select(q => q.Number));
        Assert.Equal(["101", "102"], snapshot.Agents.Select(a => a.Number));
        Assert.Equal(2, snapshot.Queue("800").AgentsLoggedIn);
    }

    [Fact]
    public void AQueueWhoseAgentsAreNullHasNoMembers()
    {
        var snapshot = Derive([], [Queue("800", "Sales") with { Agents = null! }], Users);

        Assert.Equal((0, 0), (snapshot.Queue("800").AgentsLoggedIn, snapshot.Agents.Count));
    }

    [Fact]
    public void AgentNamesComeFromTheDisplayNameThenFirstAndLastNameThenTheQueueMember()
    {
        var users = new[]
        {
            User("101", displayName: "Anna Berg"),
            User("102") with { DisplayName = null },
            new XapiUser { Number = "103", IsRegistered = true },
        };

        var snapshot = Derive([], Queues, users);

        Assert.Equal(["Anna Berg", "First102 Last102", "Agent 103", "Agent 104"], snapshot.Agents.Select(a => a.Name));
    }

    [Fact]
    public void AgentsCarryTheirRawRegistrationLogInAndProfile()
    {
        var snapshot = Derive([], Queues, [User("101", profile: "Lunch", queueStatus: "LoggedOut")]);

        var agent = snapshot.Agent("101");
        Assert.Equal((true, false, false, "Lunch"), (agent.Registered, agent.LoggedIn, agent.OnCall, agent.Profile));
    }

    [Fact]
    public void SystemStatusNumbersArePassedOnAndMissingOnesStayUnknown()
    {
        var status = new SystemStatus { ExtensionsRegistered = 9, ExtensionsTotal = 12, TrunksRegistered = 1 };

        var withStatus = Derive([], Queues, Users, status).Pbx;
        var without = Derive([], Queues, Users).Pbx;

        Assert.Equal((9, 12, 1, (int?)null), (withStatus.ExtensionsRegistered, withStatus.ExtensionsTotal, withStatus.TrunksRegistered, withStatus.TrunksTotal));
        Assert.Null(without.ExtensionsRegistered);
    }

    [Fact]
    public void TheSnapshotIsStampedWithThePbxNowItWasGiven()
    {
        Assert.Equal(Now, Derive([], Queues, Users).At);
    }
}
