using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Collector.ThreeCx;

/// <summary>
/// A stable identity for a call-log leg: its <c>CdrId</c>, or on builds before 20.0.6 (no CdrId) a hash of the
/// fields that do not change once the leg is written.
/// </summary>
internal static class CallLogRowKey
{
    /// <summary>
    /// The identity of a row across a read: its call (<c>MainCallHistoryId</c>, else <c>CallHistoryId</c>) and its leg key
    /// (<see cref="For"/>). Reads deduplicate on this, not on the CdrId alone: a PBX that reuses a CdrId in two calls
    /// would otherwise lose the second call's leg. A pair of the row's own strings: no string is built per row.
    /// </summary>
    public static DistinctRow Distinct(CallLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var call = !string.IsNullOrWhiteSpace(row.MainCallHistoryId) ? row.MainCallHistoryId : row.CallHistoryId ?? "";
        return new DistinctRow(call, For(row));
    }

    /// <summary>The key of <paramref name="row"/>: the CdrId, else <c>h:</c> and 32 hex digits of a SHA-256.</summary>
    public static string For(CallLogRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!string.IsNullOrEmpty(row.CdrId)) return row.CdrId;

        var text = new StringBuilder();
        void Add(object? value) => text.Append(value switch
        {
            null => "\u2400",
            DateTimeOffset d => d.UtcTicks.ToString(CultureInfo.InvariantCulture),
            TimeSpan t => t.Ticks.ToString(CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        }).Append('\u001f');

        Add(row.StartTime); Add(row.CallId); Add(row.SegmentId); Add(row.Indent); Add(row.SubrowDescNumber);
        Add(row.SourceType); Add(row.SourceDn); Add(row.SourceCallerId); Add(row.SourceDisplayName);
        Add(row.DestinationType); Add(row.DestinationDn); Add(row.DestinationCallerId); Add(row.DestinationDisplayName);
        Add(row.ActionType); Add(row.ActionDnType); Add(row.ActionDnDn); Add(row.ActionDnCallerId); Add(row.ActionDnDisplayName);
        Add(row.RingingDuration); Add(row.TalkingDuration); Add(row.Answered); Add(row.Reason);
        Add(row.SrcRecId); Add(row.DstRecId); Add(row.RecordingUrl);

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return "h:" + Convert.ToHexStringLower(hash, 0, 16);
    }
}

/// <summary>A row's identity across a read (<see cref="CallLogRowKey.Distinct"/>): its call and its leg key, compared ordinally.</summary>
internal readonly record struct DistinctRow(string Call, string Leg);
