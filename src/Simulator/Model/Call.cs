namespace Simulator.Model;

public enum CallDirection { Inbound, Outbound, Internal }

public enum CallOutcome { InProgress, Answered, Abandoned, Unanswered }

/// <summary>Where a live call is now.</summary>
public enum CallPhase { Ivr, Queued, Offered, Ringing, Talking, Ended }

/// <summary>
/// One logical call (one <c>MainCallHistoryId</c>): what really happened, in simulated ticks (UTC).
/// Mutable while the call is live; frozen once <see cref="End"/> is set.
/// </summary>
public sealed class Call
{
    public required int Seq { get; init; }
    public required CallDirection Direction { get; init; }
    public required long Start { get; init; }
    public long? End { get; set; }
    public CallOutcome Outcome { get; set; } = CallOutcome.InProgress;

    /// <summary>Caller number: E.164 for an external caller, the extension for an agent.</summary>
    public required string CallerNumber { get; init; }
    public required string CallerName { get; init; }

    /// <summary>What was dialled: IVR, queue, extension or external number.</summary>
    public required string CalleeNumber { get; init; }

    /// <summary>Agent index that placed an outbound or internal call.</summary>
    public int? OriginAgent { get; init; }

    /// <summary>Digital Receptionist segment, when the call went through the IVR first.</summary>
    public IvrSegment? Ivr { get; set; }

    public List<Passage> Passages { get; } = [];
    public List<AgentLeg> Legs { get; } = [];

    // Live routing state (meaningless once ended).
    public CallPhase Phase { get; set; }
    public long LastChange { get; set; }
    public long PatienceEnd { get; set; }
    public int RingToken { get; set; }

    /// <summary>Whether the leg ringing now will be answered when its ringing ends.</summary>
    public bool PlannedAnswer { get; set; }

    public Passage? CurrentPassage => Passages.Count > 0 && Passages[^1].Exit is null ? Passages[^1] : null;
    public AgentLeg? CurrentLeg => Legs.Count > 0 && Legs[^1].End is null ? Legs[^1] : null;
}

/// <summary>The caller's time in the Digital Receptionist (IVR).</summary>
public sealed class IvrSegment
{
    public required long Start { get; init; }
    public long? End { get; set; }
    public bool CallerHungUp { get; set; }
}

public enum PassageOutcome { Waiting, Answered, Abandoned, Overflow }

/// <summary>One passage of a call through a queue: from entering it to being answered, abandoning or overflowing.</summary>
public sealed class Passage
{
    public required int Queue { get; init; }
    public required long Enter { get; init; }

    /// <summary>Ticks before the queue picked the call up (the queue leg's RingingDuration).</summary>
    public required long Pickup { get; init; }

    /// <summary>When the queue first rang an agent for this passage (null while it never did).</summary>
    public long? FirstOffer { get; set; }
    public long? Exit { get; set; }
    public PassageOutcome Outcome { get; set; } = PassageOutcome.Waiting;
    public int? Agent { get; set; }

    /// <summary>Talk ticks of the agent who answered from this queue (0 when not answered).</summary>
    public long Talk { get; set; }

    /// <summary>Wait ticks: from entering the queue to the agent's answer, the abandon or the overflow.</summary>
    public long Wait => (Exit ?? Enter) - Enter;
}

public enum LegKind { Queue, Direct, Transfer, Outbound, Internal }

/// <summary>A leg rung or answered at an agent's extension.</summary>
public sealed class AgentLeg
{
    public required int Agent { get; init; }
    public required LegKind Kind { get; init; }
    public required long Start { get; init; }

    /// <summary>Index in <see cref="Call.Passages"/> of the queue passage this leg was offered from.</summary>
    public int? Passage { get; init; }

    /// <summary>Agent index who transferred the call to this leg.</summary>
    public int? TransferredBy { get; init; }
    public long Ring { get; set; }
    public long Talk { get; set; }
    public bool Answered { get; set; }
    public long? End { get; set; }

    /// <summary>Recording id when the talk was recorded.</summary>
    public int? RecordingId { get; set; }

    /// <summary>False when the agent could not be reached (not registered, busy or not Available): nothing rang.</summary>
    public bool Reached { get; set; } = true;

    /// <summary>Set when the leg ended by a transfer to another agent.</summary>
    public int? TransferredTo { get; set; }
}
