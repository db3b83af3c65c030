using System.Text.Json.Serialization;

namespace Collector.Testing.Truth;

/// <summary>
/// A call as the simulator's ground truth tells it (<c>GET /sim/truth/calls</c>): what really happened, straight from
/// its model, never from the call-log rows. Times in seconds are the JSON's own numbers (tick precision);
/// the <see cref="TimeSpan"/> properties are the same values.
/// </summary>
public sealed record TruthCall(
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("activeCallId")] int ActiveCallId,
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset? End,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("caller")] string Caller,
    [property: JsonPropertyName("callee")] string Callee,
    [property: JsonPropertyName("passages")] IReadOnlyList<TruthPassage> Passages,
    [property: JsonPropertyName("legs")] IReadOnlyList<TruthLeg> Legs,
    [property: JsonPropertyName("talk_s")] double TalkSeconds,
    [property: JsonPropertyName("duration_s")] double? DurationSeconds,
    [property: JsonPropertyName("ivr_s")] double? IvrSeconds = null)
{
    /// <summary>Only finished calls are in 3CX's call log; a call in progress has no end (outcome <c>in_progress</c>).</summary>
    [JsonIgnore]
    public bool Finished => End is not null;

    [JsonIgnore]
    public TimeSpan Talk => TruthTime.Span(TalkSeconds);

    /// <summary>End − start; null while the call is in progress.</summary>
    [JsonIgnore]
    public TimeSpan? Duration => DurationSeconds is { } s ? TruthTime.Span(s) : null;
}

/// <summary>A passage of a call through a queue: entry, wait (to the answer or the hang-up), outcome, agent, talk.</summary>
public sealed record TruthPassage(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("queueName")] string QueueName,
    [property: JsonPropertyName("enter")] DateTimeOffset Enter,
    [property: JsonPropertyName("wait_s")] double WaitSeconds,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("agent")] string? Agent,
    [property: JsonPropertyName("talk_s")] double TalkSeconds)
{
    [JsonIgnore]
    public TimeSpan Wait => TruthTime.Span(WaitSeconds);

    [JsonIgnore]
    public TimeSpan Talk => TruthTime.Span(TalkSeconds);
}

/// <summary>A leg rung or answered at an agent's extension.</summary>
public sealed record TruthLeg(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("ring_s")] double RingSeconds,
    [property: JsonPropertyName("talk_s")] double TalkSeconds,
    [property: JsonPropertyName("answered")] bool Answered)
{
    [JsonIgnore]
    public TimeSpan Ring => TruthTime.Span(RingSeconds);

    [JsonIgnore]
    public TimeSpan Talk => TruthTime.Span(TalkSeconds);
}

/// <summary>A queue's configuration as the simulator's truth tells it (<c>GET /sim/truth/queues</c>).</summary>
/// <param name="SlaTimeSeconds">3CX's SLATime for the queue, integer seconds; 0 = not set.</param>
public sealed record TruthQueue(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("slaTime_s")] int SlaTimeSeconds);

/// <summary>The true live state of the simulated PBX at <see cref="Now"/> (<c>GET /sim/truth/live</c>).</summary>
public sealed record TruthLive(
    [property: JsonPropertyName("now")] DateTimeOffset Now,
    [property: JsonPropertyName("queues")] IReadOnlyList<TruthQueueNow> Queues,
    [property: JsonPropertyName("agents")] IReadOnlyList<TruthAgentNow> Agents);

/// <summary>One queue's true live state; only agents logged in to the queues count for it.</summary>
public sealed record TruthQueueNow(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("waiting")] int Waiting,
    [property: JsonPropertyName("longestWait_s")] double LongestWaitSeconds,
    [property: JsonPropertyName("agentsLoggedIn")] int AgentsLoggedIn,
    [property: JsonPropertyName("agentsAvailable")] int AgentsAvailable,
    [property: JsonPropertyName("agentsOnCall")] int AgentsOnCall,
    [property: JsonPropertyName("agentsAway")] int AgentsAway);

/// <summary>One agent's true live state: <c>offline</c>, <c>on_call</c>, <c>ringing</c>, <c>logged_out</c>, <c>away</c> or <c>available</c>.</summary>
public sealed record TruthAgentNow(
    [property: JsonPropertyName("agent")] string Agent,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("queueStatus")] string QueueStatus,
    [property: JsonPropertyName("registered")] bool Registered);

static class TruthTime
{
    /// <summary>Seconds (the truth has at most 7 decimals) as a <see cref="TimeSpan"/>, rounded to the tick.</summary>
    public static TimeSpan Span(double seconds) => TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
}
