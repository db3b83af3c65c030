namespace Collector.ThreeCx;

/// <summary>
/// One leg of a call as returned by <c>ReportCallLogData/Pbx.GetCallLogData</c> (schema <c>Pbx.CallLogData</c>).
/// Every field is optional: 3CX omits null fields, and builds before 20.0.6 lack
/// <see cref="MainCallHistoryId"/>, <see cref="CallHistoryId"/>, <see cref="CdrId"/>, <see cref="CallType"/>,
/// <see cref="Direction"/> and <see cref="Status"/>. One logical call is several rows sharing <see cref="MainCallHistoryId"/>.
/// Read by <see cref="Json.CallLogRowBinder"/>, which binds only these fields: the others 3CX sends (CallCost,
/// Recordings, QualityReport, SentimentScore, Summary, Transcription) are not used and never read.
/// </summary>
internal sealed record CallLogRow
{
    /// <summary>GUID shared by all legs of one call.</summary>
    public string? MainCallHistoryId { get; init; }
    /// <summary>GUID of the call; equal to <see cref="MainCallHistoryId"/> in observed data.</summary>
    public string? CallHistoryId { get; init; }
    /// <summary>GUID of this leg (the row's key).</summary>
    public string? CdrId { get; init; }
    public int? CallId { get; init; }
    public int? Indent { get; init; }
    public int? SubrowDescNumber { get; init; }
    public int? SegmentId { get; init; }
    /// <summary>Start of the leg, UTC.</summary>
    public DateTimeOffset? StartTime { get; init; }
    public int? SourceType { get; init; }
    /// <summary>For inbound calls the trunk DN.</summary>
    public string? SourceDn { get; init; }
    public string? SourceCallerId { get; init; }
    public string? SourceDisplayName { get; init; }
    public int? DestinationType { get; init; }
    public string? DestinationDn { get; init; }
    public string? DestinationCallerId { get; init; }
    public string? DestinationDisplayName { get; init; }
    public int? ActionType { get; init; }
    public int? ActionDnType { get; init; }
    /// <summary>Spelled <c>actionDnDn</c> (lower-case a) by 3CX.</summary>
    public string? ActionDnDn { get; init; }
    public string? ActionDnCallerId { get; init; }
    public string? ActionDnDisplayName { get; init; }
    public TimeSpan? RingingDuration { get; init; }
    public TimeSpan? TalkingDuration { get; init; }
    public bool? Answered { get; init; }
    /// <summary>Observed: <c>Inbound</c>, <c>Outbound</c>, <c>Internal</c>, <c>Inbound Queue</c>.</summary>
    public string? Direction { get; init; }
    /// <summary>Observed: <c>Extension</c>, <c>Queue</c>, <c>System</c>, <c>Digital Receptionist</c>, <c>External</c>.</summary>
    public string? CallType { get; init; }
    /// <summary>Observed: <c>Answered</c>, <c>Unanswered</c>, <c>Waiting</c> (a queue leg answered elsewhere).</summary>
    public string? Status { get; init; }
    /// <summary>A path on the PBX, not a URL.</summary>
    public string? RecordingUrl { get; init; }
    public int? SrcRecId { get; init; }
    public int? DstRecId { get; init; }
    /// <summary>Free text, e.g. <c>Ended by …</c>, <c>X was replaced by Y</c>.</summary>
    public string? Reason { get; init; }
}
