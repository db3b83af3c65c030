using System.Text.Json.Serialization;

namespace Collector.Bench.BackfillFloor;

/// <summary>
/// One call-log row as the floor parses it: every field the collector reads, typed as plain System.Text.Json reads them
/// (durations stay text: STJ has no ISO-8601 duration reader). The floor keeps nothing; parsing is the cost measured.
/// </summary>
sealed class FloorRow
{
    public string? MainCallHistoryId { get; set; }
    public string? CallHistoryId { get; set; }
    public string? CdrId { get; set; }
    public int? CallId { get; set; }
    public int? Indent { get; set; }
    public int? SubrowDescNumber { get; set; }
    public int? SegmentId { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public int? SourceType { get; set; }
    public string? SourceDn { get; set; }
    public string? SourceCallerId { get; set; }
    public string? SourceDisplayName { get; set; }
    public int? DestinationType { get; set; }
    public string? DestinationDn { get; set; }
    public string? DestinationCallerId { get; set; }
    public string? DestinationDisplayName { get; set; }
    public int? ActionType { get; set; }
    public int? ActionDnType { get; set; }
    [JsonPropertyName("actionDnDn")]
    public string? ActionDnDn { get; set; }
    public string? ActionDnCallerId { get; set; }
    public string? ActionDnDisplayName { get; set; }
    public string? RingingDuration { get; set; }
    public string? TalkingDuration { get; set; }
    public bool? Answered { get; set; }
    public string? Direction { get; set; }
    public string? CallType { get; set; }
    public string? Status { get; set; }
    public string? RecordingUrl { get; set; }
    public int? SrcRecId { get; set; }
    public int? DstRecId { get; set; }
    public string? Reason { get; set; }
}

/// <summary>An OData page of call-log rows.</summary>
sealed class FloorPage
{
    [JsonPropertyName("value")]
    public List<FloorRow>? Value { get; set; }
}

/// <summary>The OAuth2 token answer.</summary>
sealed class FloorToken
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(FloorPage))]
[JsonSerializable(typeof(FloorToken))]
sealed partial class FloorJsonContext : JsonSerializerContext;
