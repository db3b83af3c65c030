namespace Simulator.Xapi.CallLog;

/// <summary>One row of <c>Pbx.GetCallLogData</c>: one leg of a call. Null members are omitted from the JSON.</summary>
public sealed class CallLogRow
{
    public required string MainCallHistoryId { get; init; }
    public required string CdrId { get; init; }
    public required long StartTicks { get; init; }
    public required string SourceDn { get; init; }
    public required string SourceCallerId { get; init; }
    public required string SourceDisplayName { get; init; }
    public required string DestinationDn { get; init; }
    public required string DestinationCallerId { get; init; }
    public required string DestinationDisplayName { get; init; }
    public required long RingTicks { get; init; }
    public required long TalkTicks { get; init; }
    public required bool Answered { get; init; }
    public required string Direction { get; init; }
    public required string CallType { get; init; }
    public required string Status { get; init; }
    public required string Reason { get; init; }
    public int? RecordingId { get; init; }
    public string? RecordingUrl { get; init; }

    /// <summary>Order of the leg inside its call (for stable sorting of legs that start at the same tick).</summary>
    public required int LegOrder { get; init; }
}
