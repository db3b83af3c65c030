using Collector.ThreeCx;

namespace Collector.CallLog.Normalisation;

/// <summary>What a call-log row is, as far as the normaliser is concerned.</summary>
enum LegKind
{
    /// <summary>CallType <c>Digital Receptionist</c>: time in an IVR. Neither a passage nor an agent leg.</summary>
    Ivr,
    /// <summary>CallType <c>Queue</c> (or Direction <c>Inbound Queue</c>): one queue passage.</summary>
    Queue,
    /// <summary>CallType <c>Extension</c>: an agent's phone rang (DestinationDn is the agent).</summary>
    Extension,
    /// <summary>CallType <c>External</c>: a party outside the PBX; on an outbound call SourceDn is the agent.</summary>
    External,
    /// <summary>CallType <c>System</c>, an unknown CallType, or a row whose kind cannot be told: counts as a leg only.</summary>
    Other,
    /// <summary>A row without CallType, Direction and Status (builds before 20.0.6): it is its own call.</summary>
    Legacy,
}

/// <summary>One row of a call with its reading: kind, direction, answered, and durations (never negative).</summary>
sealed record LegRow(
    CallLogRow Row,
    string Key,
    DateTimeOffset Start,
    TimeSpan Ring,
    TimeSpan Talk,
    LegKind Kind,
    string? Direction,
    bool Answered)
{
    /// <summary>StartTime + RingingDuration + TalkingDuration.</summary>
    public DateTimeOffset End => Start + Ring + Talk;

    /// <summary>StartTime + RingingDuration: the moment the leg was answered (if it was).</summary>
    public DateTimeOffset AnswerAt => Start + Ring;
}
