using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Reads one element of a call-log page into a <see cref="CallLogRow"/>, on its own, so that one bad row cannot fail
/// its page. Property names match case-insensitively; a repeated name's last value wins; names we do not use are
/// never looked at (however deep or odd their values).
/// <list type="bullet">
/// <item>Text fields (ids, numbers, names, Direction, CallType, Status, Reason, …) are read leniently: a number or a
/// boolean becomes its JSON text, an object or array is absent.</item>
/// <item>Whole-number fields (CallId, SegmentId, the types, …) are read leniently: a string holding an int is read,
/// anything else (a fraction, beyond 32 bits, text) is absent; <c>Answered</c> also takes 0/1 and "true"/"false".</item>
/// <item>The fields that place a leg in time are strict, because a guess would write a wrong call: <c>StartTime</c> must
/// be a 3CX date-time from <see cref="EarliestStart"/> to <see cref="LatestStart"/>, and <c>RingingDuration</c> and
/// <c>TalkingDuration</c> ISO-8601 durations of at most <see cref="MaxDuration"/> either way; null or missing is fine.
/// Anything else makes the row unreadable, with the reason.</item>
/// </list>
/// The bounds keep every later sum (start + ring + talk) and InfluxDB's nanosecond timestamps (which end in 2262) in range.
/// </summary>
internal static class CallLogRowBinder
{
    public static readonly DateTimeOffset EarliestStart = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestStart = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(366);

    const int MaxShownValue = 60;

    sealed class Fields
    {
        public readonly Dictionary<string, string?> Text = new(StringComparer.Ordinal);
        public readonly Dictionary<string, int?> Numbers = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Errors = new(StringComparer.Ordinal);
        public bool? Answered;
        public DateTimeOffset? StartTime;
        public TimeSpan? RingingDuration;
        public TimeSpan? TalkingDuration;
    }

    enum Kind { Text, Number, Answered, StartTime, Duration }

    /// <summary>The fields read, by name ignoring case; apart, so that the bounds above do not build it (the fast path only needs those).</summary>
    static class Known
    {
        public static readonly FrozenDictionary<string, (string Name, Kind Kind)> Fields = new (string Name, Kind Kind)[]
        {
            ("MainCallHistoryId", Kind.Text), ("CallHistoryId", Kind.Text), ("CdrId", Kind.Text),
            ("CallId", Kind.Number), ("Indent", Kind.Number), ("SubrowDescNumber", Kind.Number), ("SegmentId", Kind.Number),
            ("StartTime", Kind.StartTime),
            ("SourceType", Kind.Number), ("SourceDn", Kind.Text), ("SourceCallerId", Kind.Text), ("SourceDisplayName", Kind.Text),
            ("DestinationType", Kind.Number), ("DestinationDn", Kind.Text), ("DestinationCallerId", Kind.Text), ("DestinationDisplayName", Kind.Text),
            ("ActionType", Kind.Number), ("ActionDnType", Kind.Number), ("actionDnDn", Kind.Text), ("ActionDnCallerId", Kind.Text), ("ActionDnDisplayName", Kind.Text),
            ("RingingDuration", Kind.Duration), ("TalkingDuration", Kind.Duration),
            ("Answered", Kind.Answered),
            ("Direction", Kind.Text), ("CallType", Kind.Text), ("Status", Kind.Text), ("RecordingUrl", Kind.Text), ("Reason", Kind.Text),
            ("SrcRecId", Kind.Number), ("DstRecId", Kind.Number),
        }.ToFrozenDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The call-log fields read, spelled as 3CX's schema spells them.</summary>
    public static IEnumerable<string> FieldNames => Known.Fields.Values.Select(f => f.Name);

    /// <summary>The row, or null with <paramref name="reason"/> when the element cannot be read as one.</summary>
    public static CallLogRow? TryBind(JsonElement element, out string? reason)
    {
        reason = null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = $"the element is {Describe(element)}, not an object";
            return null;
        }

        var f = new Fields();
        foreach (var property in element.EnumerateObject())
        {
            if (!Known.Fields.TryGetValue(property.Name, out var field)) continue;
            f.Errors.Remove(field.Name);
            var value = property.Value;
            switch (field.Kind)
            {
                case Kind.Text: f.Text[field.Name] = Text(value); break;
                case Kind.Number: f.Numbers[field.Name] = Number(value); break;
                case Kind.Answered: f.Answered = Flag(value); break;
                case Kind.StartTime:
                    f.StartTime = Start(value, out var startError);
                    if (startError is not null) f.Errors[field.Name] = startError;
                    break;
                case Kind.Duration:
                    var duration = Duration(value, out var durationError);
                    if (durationError is not null) f.Errors[field.Name] = durationError;
                    if (field.Name == "RingingDuration") f.RingingDuration = duration; else f.TalkingDuration = duration;
                    break;
            }
        }

        if (f.Errors.Count > 0)
        {
            reason = string.Join("; ", f.Errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key} {e.Value}"));
            return null;
        }

        string? T(string name) => f.Text.GetValueOrDefault(name);
        int? N(string name) => f.Numbers.GetValueOrDefault(name);
        return new CallLogRow
        {
            MainCallHistoryId = T("MainCallHistoryId"), CallHistoryId = T("CallHistoryId"), CdrId = T("CdrId"),
            CallId = N("CallId"), Indent = N("Indent"), SubrowDescNumber = N("SubrowDescNumber"), SegmentId = N("SegmentId"),
            StartTime = f.StartTime,
            SourceType = N("SourceType"), SourceDn = T("SourceDn"), SourceCallerId = T("SourceCallerId"), SourceDisplayName = T("SourceDisplayName"),
            DestinationType = N("DestinationType"), DestinationDn = T("DestinationDn"), DestinationCallerId = T("DestinationCallerId"),
            DestinationDisplayName = T("DestinationDisplayName"),
            ActionType = N("ActionType"), ActionDnType = N("ActionDnType"), ActionDnDn = T("actionDnDn"), ActionDnCallerId = T("ActionDnCallerId"),
            ActionDnDisplayName = T("ActionDnDisplayName"),
            RingingDuration = f.RingingDuration, TalkingDuration = f.TalkingDuration,
            Answered = f.Answered,
            Direction = T("Direction"), CallType = T("CallType"), Status = T("Status"), RecordingUrl = T("RecordingUrl"), Reason = T("Reason"),
            SrcRecId = N("SrcRecId"), DstRecId = N("DstRecId"),
        };
    }

    /// <summary>The element's CdrId as text when it is an object that has one (last wins), else null. Never throws.</summary>
    public static string? CdrIdOf(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        string? id = null;
        foreach (var property in element.EnumerateObject())
            if (string.Equals(property.Name, "CdrId", StringComparison.OrdinalIgnoreCase))
                id = Text(property.Value);
        return id;
    }

    /// <summary>A string as it is (lone surrogates already repaired, see <see cref="JsonTextRepair"/>), a number or boolean as its JSON text.</summary>
    static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => SafeString(value),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    static string? SafeString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;   // not reachable after JsonTextRepair; absent rather than a failed row
        }
    }

    static int? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt32(out var n) ? n : null,
        JsonValueKind.String => int.TryParse(SafeString(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : null,
        _ => null,
    };

    static bool? Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number => value.TryGetInt32(out var n) && n is 0 or 1 ? n == 1 : null,
        JsonValueKind.String => SafeString(value)?.Trim().ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        },
        _ => null,
    };

    static DateTimeOffset? Start(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? SafeString(value) : null;
        if (text is null || !XapiDateTime.TryParse(text, out var start))
        {
            error = $"is {Describe(value)}, not a date-time";
            return null;
        }
        if (start < EarliestStart || start >= LatestStart)
        {
            error = $"is {Describe(value)}, outside {EarliestStart.Year}–{LatestStart.Year}";
            return null;
        }
        return start;
    }

    static TimeSpan? Duration(JsonElement value, out string? error)
    {
        error = null;
        if (value.ValueKind == JsonValueKind.Null) return null;
        var text = value.ValueKind == JsonValueKind.String ? SafeString(value) : null;
        if (!Iso8601Duration.TryParse(text, out var duration))
        {
            error = $"is {Describe(value)}, not an ISO-8601 duration";
            return null;
        }
        if (duration > MaxDuration || duration < -MaxDuration)
        {
            error = $"is {Describe(value)}, longer than {MaxDuration.TotalDays:0} days";
            return null;
        }
        return duration;
    }

    /// <summary>A value for a reason: its kind, and for a string or number its text cut short.</summary>
    static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "\"" + UnreadableRow.Cut(SafeString(value) ?? "", MaxShownValue) + "\"",
        JsonValueKind.Number => "the number " + UnreadableRow.Cut(value.GetRawText(), MaxShownValue),
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };
}
