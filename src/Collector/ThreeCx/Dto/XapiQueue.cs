using System.Text.Json.Serialization;

namespace Collector.ThreeCx;

/// <summary>A call queue (<c>Pbx.Queue</c>), the fields the collector uses plus its agents.</summary>
internal sealed record XapiQueue
{
    public int? Id { get; init; }
    /// <summary>The queue's DN, e.g. <c>800</c>.</summary>
    public string? Number { get; init; }
    public string? Name { get; init; }
    public bool? IsRegistered { get; init; }
    /// <summary>E.g. <c>Hunt</c>, <c>RingAll</c>, <c>LongestWaiting</c>.</summary>
    public string? PollingStrategy { get; init; }
    public int? RingTimeout { get; init; }
    public int? MasterTimeout { get; init; }
    public int? MaxCallersInQueue { get; init; }
    /// <summary>3CX's SLATime for the queue, read as integer seconds (0 or missing = not set): the call log's T for the queue unless configured (docs/kpi.md).</summary>
    [JsonPropertyName("SLATime")]
    public int? SlaTime { get; init; }
    public int? WrapUpTime { get; init; }
    public bool? AgentAvailabilityMode { get; init; }
    /// <summary>Present with <c>$expand=Agents</c>.</summary>
    public IReadOnlyList<QueueAgent> Agents { get; init; } = [];
}

/// <summary>A queue member (<c>Pbx.QueueAgent</c>).</summary>
internal sealed record QueueAgent
{
    public int? Id { get; init; }
    /// <summary>The agent's extension number.</summary>
    public string? Number { get; init; }
    public string? Name { get; init; }
    public string? SkillGroup { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
}
