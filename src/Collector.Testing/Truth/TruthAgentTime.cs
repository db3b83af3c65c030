using System.Text.Json.Serialization;

namespace Collector.Testing.Truth;

/// <summary>
/// Every agent's time in each state over a window (<c>GET /sim/truth/agents</c>); the window is clamped to the simulated
/// history (its start to the simulator's now), so <see cref="From"/> and <see cref="To"/> are what was counted.
/// </summary>
public sealed record TruthAgentTimes(
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("interval_s")] double IntervalSeconds,
    [property: JsonPropertyName("agents")] IReadOnlyList<TruthAgentTime> Agents);

/// <summary>
/// One agent's seconds in each state. <see cref="States"/>: the state of <c>/sim/truth/live</c> (the first that applies:
/// offline, on_call, ringing, logged_out, away, available), summing to the window. <see cref="LoggedInSeconds"/>: registered
/// and logged in to the queues; <see cref="LoggedIn"/> splits it into available, away, on a call and ringing.
/// <see cref="Changes"/>: how many times the state or logged in changed inside the window (a snapshot-based measure
/// may be off by up to one snapshot interval per change).
/// </summary>
public sealed record TruthAgentTime(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("changes")] int Changes,
    [property: JsonPropertyName("loggedIn_s")] double LoggedInSeconds,
    [property: JsonPropertyName("loggedIn")] TruthLoggedInTime LoggedIn,
    [property: JsonPropertyName("states")] TruthStateTime States);

/// <summary>Logged-in time split by state: available (not on a call, not ringing, not away), away, on a call, ringing.</summary>
public sealed record TruthLoggedInTime(
    [property: JsonPropertyName("available_s")] double AvailableSeconds,
    [property: JsonPropertyName("away_s")] double AwaySeconds,
    [property: JsonPropertyName("on_call_s")] double OnCallSeconds,
    [property: JsonPropertyName("ringing_s")] double RingingSeconds)
{
    [JsonIgnore]
    public double TotalSeconds => AvailableSeconds + AwaySeconds + OnCallSeconds + RingingSeconds;
}

/// <summary>All the time of the window by state.</summary>
public sealed record TruthStateTime(
    [property: JsonPropertyName("offline_s")] double OfflineSeconds,
    [property: JsonPropertyName("on_call_s")] double OnCallSeconds,
    [property: JsonPropertyName("ringing_s")] double RingingSeconds,
    [property: JsonPropertyName("logged_out_s")] double LoggedOutSeconds,
    [property: JsonPropertyName("away_s")] double AwaySeconds,
    [property: JsonPropertyName("available_s")] double AvailableSeconds)
{
    [JsonIgnore]
    public double TotalSeconds => OfflineSeconds + OnCallSeconds + RingingSeconds + LoggedOutSeconds + AwaySeconds + AvailableSeconds;
}

/// <summary>
/// A caller who abandoned (<c>GET /sim/truth/abandoned</c>): hung up while waiting in <see cref="Queue"/> at
/// <see cref="AbandonedAt"/> after <see cref="WaitSeconds"/> in queues; reached afterwards when an outbound call to the
/// number or an inbound call from it was answered (<see cref="ReachedAt"/>, the first such answer; <see cref="ReachedBy"/>
/// <c>outbound</c> or <c>inbound</c>).
/// </summary>
public sealed record TruthAbandonedCaller(
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("queueName")] string QueueName,
    [property: JsonPropertyName("abandonedAt")] DateTimeOffset AbandonedAt,
    [property: JsonPropertyName("wait_s")] double WaitSeconds,
    [property: JsonPropertyName("reached")] bool Reached,
    [property: JsonPropertyName("reachedAt")] DateTimeOffset? ReachedAt,
    [property: JsonPropertyName("reachedBy")] string? ReachedBy,
    [property: JsonPropertyName("reachedCallId")] string? ReachedCallId);
