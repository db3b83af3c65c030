using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>What one snapshot read from a PBX; <see cref="ServerNow"/> is the PBX's clock at the read.</summary>
internal sealed record LiveInputs(
    IReadOnlyList<ActiveCall> ActiveCalls,
    IReadOnlyList<XapiQueue> Queues,
    IReadOnlyList<XapiUser> Users,
    SystemStatus? SystemStatus,
    DateTimeOffset ServerNow);

/// <summary>The live state of a PBX at <see cref="At"/>: one entry per queue and per queue member, and the totals.</summary>
internal sealed record LiveSnapshot(DateTimeOffset At, IReadOnlyList<QueueLive> Queues, IReadOnlyList<AgentLive> Agents, PbxLive Pbx);

/// <summary>One queue now (the <c>queue_live</c> measurement).</summary>
internal sealed record QueueLive(
    string Number,
    string Name,
    int Waiting,
    double LongestWaitSeconds,
    int AgentsLoggedIn,
    int AgentsAvailable,
    int AgentsOnCall,
    int AgentsAway);

/// <summary>One agent (a member of at least one queue) now (the <c>agent_live</c> measurement).</summary>
internal sealed record AgentLive(
    string Number,
    string Name,
    AgentState State,
    bool Registered,
    bool LoggedIn,
    bool OnCall,
    string? Profile);

/// <summary>
/// PBX-wide totals now (the <c>pbx_live</c> measurement). The agents are the distinct queue members: each is logged
/// in (and then available, on a call or away, as a queue counts them), logged out, or offline, so
/// <c>AgentsLoggedIn + AgentsLoggedOut + AgentsOffline = AgentsTotal</c>. The SystemStatus numbers are null when unknown.
/// </summary>
internal sealed record PbxLive(
    int CallsActive,
    int CallsWaiting,
    double LongestWaitSeconds,
    int AgentsTotal,
    int AgentsLoggedIn,
    int AgentsAvailable,
    int AgentsOnCall,
    int AgentsRinging,
    int AgentsAway,
    int AgentsLoggedOut,
    int AgentsOffline,
    int? ExtensionsRegistered,
    int? ExtensionsTotal,
    int? TrunksRegistered,
    int? TrunksTotal);
