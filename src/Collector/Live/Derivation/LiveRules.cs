using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>How an active call involves an agent, from the most to the least engaged wins.</summary>
public enum CallInvolvement
{
    /// <summary>No active call names the agent.</summary>
    None = 0,

    /// <summary>A call to the agent is not connected yet (the agent is its callee, status e.g. <c>Ringing</c>).</summary>
    RingingHere = 1,

    /// <summary>The agent talks, holds, or dials out (caller of any call, or callee of a connected one).</summary>
    Engaged = 2,
}

/// <summary>
/// Every rule that turns the XAPI's live entities into wallboard numbers, in this one place (docs/live-state.md
/// explains each with its evidence). XAPI has no "calls waiting" or "agent state" field, so these are heuristics
/// over <c>ActiveCalls</c>, <c>Queues?$expand=Agents</c> and <c>Users</c>, chosen to agree with what the simulator
/// calls the truth (<c>/sim/truth/live</c>) and with what live PBXs were seen to do.
/// </summary>
internal static class LiveRules
{
    /// <summary>The profile (<c>CurrentProfileName</c>) of an agent who takes calls.</summary>
    public const string AvailableProfile = "Available";

    /// <summary>
    /// Call statuses that mean the caller is connected to a person: <c>Talking</c>, <c>Held</c> (connected, on hold)
    /// and <c>Rerouting</c> (a re-route of an already connected call; a live-verified note in the references). Every
    /// other status (<c>Ringing</c>, <c>Routing</c> while a queue rings an agent, or one we have not seen) is not
    /// connected: the caller still waits for someone to answer.
    /// </summary>
    static readonly string[] ConnectedStatuses = ["Talking", "Held", "Rerouting"];

    /// <summary>Whether the call's status means the caller is connected to a person (see <see cref="ConnectedStatuses"/>).</summary>
    public static bool IsConnected(string? status)
    {
        foreach (var connected in ConnectedStatuses)
            if (string.Equals(status, connected, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    /// <summary>
    /// A call waits in a queue when its callee's number is the queue's number and it is not connected. While a
    /// queue rings an agent the callee is still the queue (status <c>Routing</c>), so that caller still waits.
    /// </summary>
    public static bool IsWaitingInQueue(ActiveCall call, bool calleeIsQueue) =>
        calleeIsQueue && !IsConnected(call.Status);

    /// <summary>
    /// How long a waiting caller has waited: the PBX's now minus <c>LastChangeStatus</c> (when the caller entered the
    /// queue), else minus <c>EstablishedAt</c>; never negative, 0 when neither is known.
    /// </summary>
    public static double WaitSeconds(ActiveCall call, DateTimeOffset serverNow)
    {
        var since = call.LastChangeStatus ?? call.EstablishedAt;
        return since is { } start && serverNow > start ? (serverNow - start).TotalSeconds : 0;
    }

    /// <summary>The caller of any call is engaged: talking, or dialling and waiting for the far end.</summary>
    public static CallInvolvement AsCaller(ActiveCall call) => CallInvolvement.Engaged;

    /// <summary>The callee of a connected call is engaged; of an unconnected one, their phone rings.</summary>
    public static CallInvolvement AsCallee(ActiveCall call) =>
        IsConnected(call.Status) ? CallInvolvement.Engaged : CallInvolvement.RingingHere;

    /// <summary>The phone is registered (<c>IsRegistered</c> true). An unknown user counts as not registered.</summary>
    public static bool IsRegistered(XapiUser? user) => user?.IsRegistered == true;

    /// <summary>Logged in to the queues unless <c>QueueStatus</c> says <c>LoggedOut</c> (the status is global, not per queue).</summary>
    public static bool IsLoggedIn(XapiUser? user) =>
        user is not null && !string.Equals(user.QueueStatus, "LoggedOut", StringComparison.OrdinalIgnoreCase);

    /// <summary>The profile is <c>Available</c>; a missing profile counts as Available (the PBX's default).</summary>
    public static bool HasAvailableProfile(XapiUser? user) =>
        string.IsNullOrEmpty(user?.CurrentProfileName)
        || string.Equals(user.CurrentProfileName, AvailableProfile, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The agent's state; the first rule that applies wins:
    /// <list type="number">
    /// <item><c>offline</c>: not registered (or no such user);</item>
    /// <item><c>on_call</c>: engaged in a call (talking, holding, dialling);</item>
    /// <item><c>ringing</c>: a call rings here and the profile is Available (a phone in another profile does not
    /// ring: 3CX forwards the call as the profile says);</item>
    /// <item><c>logged_out</c>: <c>QueueStatus</c> LoggedOut;</item>
    /// <item><c>away</c>: profile not Available;</item>
    /// <item><c>available</c>: otherwise.</item>
    /// </list>
    /// </summary>
    public static AgentState StateOf(XapiUser? user, CallInvolvement involvement)
    {
        if (!IsRegistered(user))
            return AgentState.Offline;
        if (involvement == CallInvolvement.Engaged)
            return AgentState.OnCall;
        if (involvement == CallInvolvement.RingingHere && HasAvailableProfile(user))
            return AgentState.Ringing;
        if (!IsLoggedIn(user))
            return AgentState.LoggedOut;
        return HasAvailableProfile(user) ? AgentState.Available : AgentState.Away;
    }

    /// <summary>
    /// The logged-in rule wherever agents are counted: registered and not <c>QueueStatus</c> LoggedOut, so a user
    /// without a QueueStatus counts as logged in (<see cref="IsLoggedIn"/>). A queue and the PBX totals count their
    /// members by it, and <c>collector check</c> (<c>UsersStep</c>) counts the users by it, so the two never disagree.
    /// Each such member is exactly one of available, on a call (<c>on_call</c> or <c>ringing</c>) or away, so the
    /// three add up to the logged-in count.
    /// </summary>
    public static bool CountsAsLoggedIn(XapiUser? user) => IsRegistered(user) && IsLoggedIn(user);

    /// <summary>Which of a queue's three agent counts a logged-in member adds to.</summary>
    public static QueueAgentCount QueueCountOf(AgentState state) => state switch
    {
        AgentState.Available => QueueAgentCount.Available,
        AgentState.OnCall or AgentState.Ringing => QueueAgentCount.OnCall,
        _ => QueueAgentCount.Away,
    };
}

/// <summary>The three ways a logged-in member counts for a queue.</summary>
public enum QueueAgentCount
{
    Available,
    OnCall,
    Away,
}
