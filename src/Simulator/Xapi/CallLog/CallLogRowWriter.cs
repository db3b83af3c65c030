using System.Text.Json;
using Simulator.OData;

namespace Simulator.Xapi.CallLog;

/// <summary>Writes a <see cref="CallLogRow"/> as a <c>Pbx.CallLogData</c> object, optionally only the <c>$select</c>ed members.</summary>
public static class CallLogRowWriter
{
    /// <summary>The members the simulator serves, in the order it writes them.</summary>
    public static readonly string[] Properties =
    [
        "MainCallHistoryId", "CallHistoryId", "CdrId", "CallId", "Indent", "StartTime", "SourceType", "SourceDn", "SourceCallerId",
        "SourceDisplayName", "DestinationType", "DestinationDn", "DestinationCallerId", "DestinationDisplayName", "ActionType",
        "ActionDnType", "RingingDuration", "TalkingDuration", "CallCost", "Answered", "Direction", "CallType", "Status",
        "RecordingUrl", "SubrowDescNumber", "Reason", "SrcRecId", "DstRecId", "SegmentId", "QualityReport", "Recordings",
    ];

    /// <summary>Members absent from builds before 20.0.6 (the <c>legacyFields</c> fault).</summary>
    public static readonly HashSet<string> Post206 = ["MainCallHistoryId", "CallHistoryId", "CdrId", "CallType", "Direction", "Status"];

    public static void Write(Utf8JsonWriter w, CallLogRow row, IReadOnlySet<string>? select, bool legacy)
    {
        bool On(string name) => (select is null || select.Contains(name)) && !(legacy && Post206.Contains(name));
        w.WriteStartObject();
        if (On("MainCallHistoryId")) w.WriteString("MainCallHistoryId", row.MainCallHistoryId);
        if (On("CallHistoryId")) w.WriteString("CallHistoryId", row.MainCallHistoryId);
        if (On("CdrId")) w.WriteString("CdrId", row.CdrId);
        if (On("CallId")) w.WriteNumber("CallId", 1);
        if (On("Indent")) w.WriteNumber("Indent", 1);
        if (On("StartTime")) w.WriteString("StartTime", JsonFormats.Instant(row.StartTicks));
        if (On("SourceType")) w.WriteNumber("SourceType", 1);
        if (On("SourceDn")) w.WriteString("SourceDn", row.SourceDn);
        if (On("SourceCallerId")) w.WriteString("SourceCallerId", row.SourceCallerId);
        if (On("SourceDisplayName")) w.WriteString("SourceDisplayName", row.SourceDisplayName);
        if (On("DestinationType")) w.WriteNumber("DestinationType", 1);
        if (On("DestinationDn")) w.WriteString("DestinationDn", row.DestinationDn);
        if (On("DestinationCallerId")) w.WriteString("DestinationCallerId", row.DestinationCallerId);
        if (On("DestinationDisplayName")) w.WriteString("DestinationDisplayName", row.DestinationDisplayName);
        if (On("ActionType")) w.WriteNumber("ActionType", 1);
        if (On("ActionDnType")) w.WriteNumber("ActionDnType", 1);
        if (On("RingingDuration")) w.WriteString("RingingDuration", JsonFormats.Duration(row.RingTicks));
        if (On("TalkingDuration")) w.WriteString("TalkingDuration", JsonFormats.Duration(row.TalkTicks));
        if (On("CallCost")) w.WriteNumber("CallCost", 0);
        if (On("Answered")) w.WriteBoolean("Answered", row.Answered);
        if (On("Direction")) w.WriteString("Direction", row.Direction);
        if (On("CallType")) w.WriteString("CallType", row.CallType);
        if (On("Status")) w.WriteString("Status", row.Status);
        if (On("RecordingUrl") && row.RecordingUrl is { } url) w.WriteString("RecordingUrl", url);
        if (On("SubrowDescNumber")) w.WriteNumber("SubrowDescNumber", 1);
        if (On("Reason")) w.WriteString("Reason", row.Reason);
        if (On("SrcRecId") && row.RecordingId is int src) w.WriteNumber("SrcRecId", src);
        if (On("DstRecId") && row.RecordingId is int dst) w.WriteNumber("DstRecId", dst);
        if (On("SegmentId")) w.WriteNumber("SegmentId", 1);
        if (On("QualityReport")) w.WriteBoolean("QualityReport", false);
        if (On("Recordings"))
        {
            w.WriteStartArray("Recordings");
            if (row.RecordingId is int rec)
            {
                w.WriteStartObject();
                w.WriteNumber("Id", rec);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
