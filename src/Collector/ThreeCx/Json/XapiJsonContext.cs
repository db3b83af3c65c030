using System.Text.Json.Serialization;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Source-generated serialisation for every XAPI shape: property names matched case-insensitively,
/// (call-log rows are read by <see cref="CallLogPageReader"/> instead, one row at a time), unknown fields ignored, numbers accepted as strings, durations and date-times read by our own parsers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Iso8601DurationConverter), typeof(XapiDateTimeOffsetConverter)])]
[JsonSerializable(typeof(ODataCollection<ActiveCall>))]
[JsonSerializable(typeof(ODataCollection<XapiQueue>))]
[JsonSerializable(typeof(ODataCollection<XapiUser>))]
[JsonSerializable(typeof(ODataCollection<QueuePerformanceTotals>))]
[JsonSerializable(typeof(ODataCollection<StatisticSla>))]
[JsonSerializable(typeof(ODataCollection<AbandonedQueueCall>))]
[JsonSerializable(typeof(ODataCollection<QueueAnsweredCallByWaitTime>))]
[JsonSerializable(typeof(SystemStatus))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class XapiJsonContext : JsonSerializerContext;
