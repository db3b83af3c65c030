using Collector.Live.Derivation;
using Collector.Tests.Live.Support;
using Collector.ThreeCx;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Live;

/// <summary>Each rule of <see cref="LiveRules"/> on its own, case by case (docs/live-state.md has the same table).</summary>
public sealed class LiveRulesTests
{
    [Theory]
    [InlineData("Talking", true)]
    [InlineData("talking", true)]
    [InlineData("Held", true)]
    [InlineData("Rerouting", true)]
    [InlineData("Ringing", false)]
    [InlineData("Routing", false)]
    [InlineData("Dialing", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void OnlyTalkingHeldAndReroutingCountAsConnected(string? status, bool connected) =>
        Assert.Equal(connected, LiveRules.IsConnected(status));

    [Theory]
    [InlineData("Ringing", true)]
    [InlineData("Routing", true)]
    [InlineData("SomethingNew", true)]
    [InlineData("Talking", false)]
    [InlineData("Held", false)]
    [InlineData("Rerouting", false)]
    public void ACallToAQueueWaitsUntilItIsConnected(string status, bool waiting)
    {
        var call = Call("+4930123", "800 Sales", status);

        Assert.Equal(waiting, LiveRules.IsWaitingInQueue(call, calleeIsQueue: true));
        Assert.False(LiveRules.IsWaitingInQueue(call, calleeIsQueue: false));
    }

    [Fact]
    public void TheWaitIsThePbxNowMinusTheLastStatusChange()
    {
        var call = Call("+4930123", "800 Sales", "Ringing", secondsAgo: 34.25);

        Assert.Equal(34.25, LiveRules.WaitSeconds(call, Now), 9);
    }

    [Fact]
    public void WithoutALastStatusChangeTheWaitCountsFromTheEstablishedTimeAndIsNeverNegative()
    {
        var noChange = Call("+4930123", "800 Sales", "Ringing") with { LastChangeStatus = null, EstablishedAt = Now.AddSeconds(-12) };
        var future = Call("+4930123", "800 Sales", "Ringing", secondsAgo: -3);
        var nothing = noChange with { EstablishedAt = null };

        Assert.Equal(12, LiveRules.WaitSeconds(noChange, Now), 9);
        Assert.Equal(0, LiveRules.WaitSeconds(future, Now));
        Assert.Equal(0, LiveRules.WaitSeconds(nothing, Now));
    }

    [Theory]
    [InlineData("Talking", CallInvolvement.Engaged)]
    [InlineData("Held", CallInvolvement.Engaged)]
    [InlineData("Ringing", CallInvolvement.RingingHere)]
    [InlineData("Routing", CallInvolvement.RingingHere)]
    public void TheCalleeIsEngagedOnceConnectedAndRungBefore(string status, CallInvolvement involvement) =>
        Assert.Equal(involvement, LiveRules.AsCallee(Call("+4930123", "101 Anna Berg", status)));

    [Theory]
    [InlineData("Talking")]
    [InlineData("Ringing")]
    public void TheCallerIsEngagedWhetherTalkingOrDialling(string status) =>
        Assert.Equal(CallInvolvement.Engaged, LiveRules.AsCaller(Call("101 Anna Berg", "+4930123", status)));

    // registered, queue status, profile, involvement → state (the first rule that applies wins)
    [Theory]
    [InlineData(false, "LoggedIn", "Available", CallInvolvement.None, AgentState.Offline)]
    [InlineData(false, "LoggedIn", "Available", CallInvolvement.Engaged, AgentState.Offline)]
    [InlineData(true, "LoggedIn", "Available", CallInvolvement.Engaged, AgentState.OnCall)]
    [InlineData(true, "LoggedOut", "Away", CallInvolvement.Engaged, AgentState.OnCall)]
    [InlineData(true, "LoggedIn", "Available", CallInvolvement.RingingHere, AgentState.Ringing)]
    [InlineData(true, "LoggedOut", "Available", CallInvolvement.RingingHere, AgentState.Ringing)]
    [InlineData(true, "LoggedIn", "Away", CallInvolvement.RingingHere, AgentState.Away)]
    [InlineData(true, "LoggedOut", "Lunch", CallInvolvement.RingingHere, AgentState.LoggedOut)]
    [InlineData(true, "LoggedOut", "Available", CallInvolvement.None, AgentState.LoggedOut)]
    [InlineData(true, "LoggedOut", "Out of office", CallInvolvement.None, AgentState.LoggedOut)]
    [InlineData(true, "LoggedIn", "Away", CallInvolvement.None, AgentState.Away)]
    [InlineData(true, "LoggedIn", "Lunch", CallInvolvement.None, AgentState.Away)]
    [InlineData(true, "LoggedIn", "Out of office", CallInvolvement.None, AgentState.Away)]
    [InlineData(true, "LoggedIn", "Available", CallInvolvement.None, AgentState.Available)]
    [InlineData(true, "LoggedIn", "available", CallInvolvement.None, AgentState.Available)]
    public void AnAgentsStateIsTheFirstRuleThatApplies(bool registered, string queueStatus, string profile, CallInvolvement involvement, AgentState expected) =>
        Assert.Equal(expected, LiveRules.StateOf(User("101", profile, queueStatus, registered), involvement));

    [Fact]
    public void AnUnknownUserIsOfflineAndNotLoggedIn()
    {
        Assert.Equal(AgentState.Offline, LiveRules.StateOf(null, CallInvolvement.Engaged));
        Assert.False(LiveRules.IsLoggedIn(null));
        Assert.False(LiveRules.CountsAsLoggedIn(null));
    }

    [Fact]
    public void MissingQueueStatusAndProfileCountAsLoggedInAndAvailable()
    {
        var user = new XapiUser { Number = "101", IsRegistered = true };

        Assert.True(LiveRules.CountsAsLoggedIn(user));
        Assert.Equal(AgentState.Available, LiveRules.StateOf(user, CallInvolvement.None));
    }

    [Theory]
    [InlineData(AgentState.Available, QueueAgentCount.Available)]
    [InlineData(AgentState.OnCall, QueueAgentCount.OnCall)]
    [InlineData(AgentState.Ringing, QueueAgentCount.OnCall)]
    [InlineData(AgentState.Away, QueueAgentCount.Away)]
    public void AQueueCountsRingingAgentsAsOnACall(AgentState state, QueueAgentCount count) =>
        Assert.Equal(count, LiveRules.QueueCountOf(state));

    [Fact]
    public void StateCodesAndNamesAreTheDocumentedStableTable()
    {
        var table = Enum.GetValues<AgentState>().Select(s => (s.Code(), s.Name())).ToList();

        Assert.Equal([(0, "offline"), (1, "logged_out"), (2, "away"), (3, "available"), (4, "ringing"), (5, "on_call")], table);
    }
}
