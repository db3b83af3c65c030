using System.Runtime.CompilerServices;
using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Collector.ThreeCx.Json;

/// <summary>
/// The fast path of <see cref="CallLogPageReader"/>: binds one element of a call-log page into a <see cref="CallLogRow"/>
/// straight from the page's bytes (<see cref="Utf8JsonReader"/>), with no document, no per-row dictionaries and one string
/// per distinct short value of a page. It reads every field exactly as <see cref="CallLogRowBinder"/> does (same leniency,
/// same strict fields, a repeated name's last value wins) and gives up on an element it would have to explain: one that is
/// not an object or whose StartTime, RingingDuration or TalkingDuration is out of shape or range. Those go to
/// <see cref="CallLogRowBinder"/> (via <see cref="CallLogPageReader.ReadRow"/>), which words the reason.
/// </summary>
internal sealed class CallLogRowStreamBinder
{
    /// <summary>Values this long or shorter are shared within a page (ids of calls, DNs, names, Direction, Status, …).</summary>
    const int MaxSharedLength = 64;

    /// <summary>At most this many distinct values are shared per page, so an odd page cannot grow the table without bound.</summary>
    const int MaxShared = 4096;

    enum Field
    {
        MainCallHistoryId, CallHistoryId, CdrId, CallId, Indent, SubrowDescNumber, SegmentId, StartTime,
        SourceType, SourceDn, SourceCallerId, SourceDisplayName, DestinationType, DestinationDn, DestinationCallerId,
        DestinationDisplayName, ActionType, ActionDnType, ActionDnDn, ActionDnCallerId, ActionDnDisplayName,
        RingingDuration, TalkingDuration, Answered, Direction, CallType, Status, RecordingUrl, Reason, SrcRecId, DstRecId,
    }

    /// <summary>A field's name as 3CX spells it (<c>actionDnDn</c> with a lower-case a).</summary>
    static string NameOf(Field field) => field == Field.ActionDnDn ? "actionDnDn" : field.ToString();

    /// <summary>Names 3CX sends that are not read (so an exact match needs no case-insensitive try).</summary>
    static readonly string[] IgnoredNames = ["CallCost", "Recordings", "QualityReport", "SentimentScore", "Summary", "Transcription"];

    /// <summary>
    /// The names 3CX sends, as UTF-8 bytes by length: ours with their field, and <see cref="IgnoredNames"/> with none (so
    /// the common case is an exact compare of a few bytes).
    /// </summary>
    static readonly KnownName[]?[] NamesByLength = ByLength();

    /// <summary>A name 3CX sends, as UTF-8 bytes, with its field (none for <see cref="IgnoredNames"/>).</summary>
    sealed record KnownName(byte[] Utf8, Field? Field);

    /// <summary>The longest field name (<c>DestinationDisplayName</c>); a longer name is not one of ours.</summary>
    static readonly int LongestName = Enum.GetValues<Field>().Max(f => NameOf(f).Length);

    static KnownName[]?[] ByLength()
    {
        var names = new List<(string Name, Field? Field)>();
        foreach (var field in Enum.GetValues<Field>()) names.Add((NameOf(field), field));
        foreach (var ignored in IgnoredNames) names.Add((ignored, null));
        var byLength = new KnownName[]?[names.Max(n => n.Name.Length) + 1];
        foreach (var (name, field) in names)
            byLength[name.Length] = [.. byLength[name.Length] ?? [], new KnownName(System.Text.Encoding.ASCII.GetBytes(name), field)];
        return byLength;
    }

    /// <summary>
    /// The name found at each position of the last element that had it exactly: 3CX sends the members of every row in the
    /// same order, so the name at a position is nearly always the one there last time, and one compare finds it. Only a
    /// hint (each use is checked), kept from page to page; the positions beyond its length are looked up by length.
    /// </summary>
    readonly KnownName?[] _byPosition = new KnownName?[64];

    /// <summary>An escaped name (rare): looked up ignoring case as <see cref="CallLogRowBinder"/> does, built on first use.</summary>
    static class EscapedNames
    {
        public static readonly FrozenDictionary<string, Field>.AlternateLookup<ReadOnlySpan<char>> Fields = Enum.GetValues<Field>()
            .ToFrozenDictionary(NameOf, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    readonly Utf8StringTable _shared = new(MaxShared, MaxSharedLength);

    [ThreadStatic]
    static CallLogRowStreamBinder? t_cached;

    /// <summary>
    /// A binder for one page, taken from this thread's cache (or new); give it back with <see cref="Return"/>. Its table of
    /// shared strings keeps the room it grew to (up to <see cref="MaxShared"/> values, about 200 KB) from page to page, so
    /// a page does not allocate a fresh, growing table (it did: most of a backfill's large-object allocations).
    /// </summary>
    public static CallLogRowStreamBinder Take()
    {
        var binder = t_cached ?? new CallLogRowStreamBinder();
        t_cached = null;   // taken out while in use, so a nested read (none today) gets its own
        return binder;
    }

    /// <summary>Gives a binder back to this thread's cache, its values forgotten: strings are shared within a page only.</summary>
    public static void Return(CallLogRowStreamBinder binder)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder._shared.Clear();
        t_cached = binder;
    }

    /// <summary>
    /// Reads the element at the reader's current token. True with the row when it binds cleanly; false when it needs the
    /// careful path. Either way the reader is left on the element's last token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    public bool TryBind(ref Utf8JsonReader reader, out CallLogRow? row)
    {
        row = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return false;
        }

        string? mainCallHistoryId = null, callHistoryId = null, cdrId = null, sourceDn = null, sourceCallerId = null, sourceDisplayName = null;
        string? destinationDn = null, destinationCallerId = null, destinationDisplayName = null, actionDnDn = null, actionDnCallerId = null;
        string? actionDnDisplayName = null, direction = null, callType = null, status = null, recordingUrl = null, reason = null;
        int? callId = null, indent = null, subrowDescNumber = null, segmentId = null, sourceType = null, destinationType = null;
        int? actionType = null, actionDnType = null, srcRecId = null, dstRecId = null;
        DateTimeOffset? startTime = null;
        TimeSpan? ringing = null, talking = null;
        bool? answered = null;
        bool badStart = false, badRinging = false, badTalking = false;

        Span<char> name = stackalloc char[LongestName];
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var known = TryName(ref reader, name, position++, out var field);
            reader.Read();
            if (!known)
            {
                reader.Skip();
                continue;
            }
            switch (field)
            {
                case Field.MainCallHistoryId: mainCallHistoryId = Text(ref reader); break;
                case Field.CallHistoryId: callHistoryId = Text(ref reader); break;
                case Field.CdrId: cdrId = reader.TokenType == JsonTokenType.String ? Unescaped(ref reader) : Text(ref reader); break;   // one per row: not worth sharing
                case Field.SourceDn: sourceDn = Text(ref reader); break;
                case Field.SourceCallerId: sourceCallerId = Text(ref reader); break;
                case Field.SourceDisplayName: sourceDisplayName = Text(ref reader); break;
                case Field.DestinationDn: destinationDn = Text(ref reader); break;
                case Field.DestinationCallerId: destinationCallerId = Text(ref reader); break;
                case Field.DestinationDisplayName: destinationDisplayName = Text(ref reader); break;
                case Field.ActionDnDn: actionDnDn = Text(ref reader); break;
                case Field.ActionDnCallerId: actionDnCallerId = Text(ref reader); break;
                case Field.ActionDnDisplayName: actionDnDisplayName = Text(ref reader); break;
                case Field.Direction: direction = Text(ref reader); break;
                case Field.CallType: callType = Text(ref reader); break;
                case Field.Status: status = Text(ref reader); break;
                case Field.RecordingUrl: recordingUrl = Text(ref reader); break;
                case Field.Reason: reason = Text(ref reader); break;
                case Field.CallId: callId = Number(ref reader); break;
                case Field.Indent: indent = Number(ref reader); break;
                case Field.SubrowDescNumber: subrowDescNumber = Number(ref reader); break;
                case Field.SegmentId: segmentId = Number(ref reader); break;
                case Field.SourceType: sourceType = Number(ref reader); break;
                case Field.DestinationType: destinationType = Number(ref reader); break;
                case Field.ActionType: actionType = Number(ref reader); break;
                case Field.ActionDnType: actionDnType = Number(ref reader); break;
                case Field.SrcRecId: srcRecId = Number(ref reader); break;
                case Field.DstRecId: dstRecId = Number(ref reader); break;
                case Field.Answered: answered = Flag(ref reader); break;
                case Field.StartTime: startTime = Start(ref reader, out badStart); break;
                case Field.RingingDuration: ringing = Duration(ref reader, out badRinging); break;
                case Field.TalkingDuration: talking = Duration(ref reader, out badTalking); break;
            }
        }

        if (badStart || badRinging || badTalking)
            return false;
        row = new CallLogRow
        {
            MainCallHistoryId = mainCallHistoryId, CallHistoryId = callHistoryId, CdrId = cdrId,
            CallId = callId, Indent = indent, SubrowDescNumber = subrowDescNumber, SegmentId = segmentId,
            StartTime = startTime,
            SourceType = sourceType, SourceDn = sourceDn, SourceCallerId = sourceCallerId, SourceDisplayName = sourceDisplayName,
            DestinationType = destinationType, DestinationDn = destinationDn, DestinationCallerId = destinationCallerId,
            DestinationDisplayName = destinationDisplayName,
            ActionType = actionType, ActionDnType = actionDnType, ActionDnDn = actionDnDn, ActionDnCallerId = actionDnCallerId,
            ActionDnDisplayName = actionDnDisplayName,
            RingingDuration = ringing, TalkingDuration = talking,
            Answered = answered,
            Direction = direction, CallType = callType, Status = status, RecordingUrl = recordingUrl, Reason = reason,
            SrcRecId = srcRecId, DstRecId = dstRecId,
        };
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    bool TryName(ref Utf8JsonReader reader, scoped Span<char> buffer, int position, out Field field)
    {
        field = default;
        // An escaped name is longer in bytes than in characters; one longer than our longest even so is not ours.
        if (reader.ValueSpan.Length > buffer.Length * 6) return false;
        if (!reader.ValueIsEscaped && reader.ValueSpan.Length > buffer.Length) return false;
        if (!reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            var byPosition = _byPosition;
            if ((uint)position < (uint)byPosition.Length && byPosition[position] is { } last && utf8.SequenceEqual(last.Utf8))
                return Found(last, out field);
            var found = TryUtf8Name(utf8, out field, out var exact);
            if (exact is not null && (uint)position < (uint)byPosition.Length)
                byPosition[position] = exact;   // what this position holds next time, most likely
            return found;
        }
        Span<char> unescaped = stackalloc char[reader.ValueSpan.Length];
        var length = reader.CopyString(unescaped);
        return length <= buffer.Length && EscapedNames.Fields.TryGetValue(unescaped[..length], out field);
    }

    /// <summary>
    /// An unescaped name: the exact spelling first (what 3CX sends), then ignoring ASCII case, which for an ASCII name is
    /// what the ordinal-ignore-case lookup (<see cref="EscapedNames"/>) would match (our names are ASCII, so a name that is not is not ours).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    static bool TryUtf8Name(ReadOnlySpan<byte> name, out Field field, out KnownName? exact)
    {
        field = default;
        exact = null;
        if (name.Length >= NamesByLength.Length || NamesByLength[name.Length] is not { } candidates) return false;
        foreach (var candidate in candidates)
        {
            if (!name.SequenceEqual(candidate.Utf8)) continue;
            exact = candidate;
            return Found(candidate, out field);
        }
        foreach (var candidate in candidates)
        {
            if (candidate.Field is { } loose && System.Text.Ascii.EqualsIgnoreCase(name, candidate.Utf8))
            {
                field = loose;
                return true;
            }
        }
        return false;
    }

    /// <summary>True with the field for one of ours; false for a name that is known but not read.</summary>
    static bool Found(KnownName name, out Field field)
    {
        field = name.Field.GetValueOrDefault();
        return name.Field is not null;
    }

    /// <summary>As <see cref="CallLogRowBinder"/>: a string as it is, a number or boolean as its JSON text, anything else absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return SharedString(ref reader);
            case JsonTokenType.Number:
                return _shared.Get(reader.ValueSpan);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    string? SharedString(ref Utf8JsonReader reader)
    {
        var bytes = reader.ValueSpan.Length;
        if (bytes > MaxSharedLength * 3)
            return Unescaped(ref reader);
        if (!reader.ValueIsEscaped)
            return _shared.Get(reader.ValueSpan);   // valid UTF-8: the page was repaired (JsonTextRepair)
        Span<char> chars = stackalloc char[bytes];
        int length;
        try
        {
            length = reader.CopyString(chars);
        }
        catch (InvalidOperationException)
        {
            return null;   // not reachable after JsonTextRepair; absent rather than a failed row (as CallLogRowBinder)
        }
        Span<byte> utf8 = stackalloc byte[length * 3];
        return _shared.Get(utf8[..System.Text.Encoding.UTF8.GetBytes(chars[..length], utf8)]);
    }

    static string? Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A number that is an int, or a string holding one (leading sign allowed); anything else absent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per field of every row: no unoptimised first tier
    static int? Number(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt32(out var n) ? n : null;
            case JsonTokenType.String:
                var text = Unescaped(ref reader);
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    static bool? Flag(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
            case JsonTokenType.Number: return reader.TryGetInt32(out var n) && n is 0 or 1 ? n == 1 : null;
            case JsonTokenType.String:
                return Unescaped(ref reader)?.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" => true,
                    "false" or "0" => false,
                    _ => null,
                };
            default:
                reader.Skip();
                return null;
        }
    }

    static DateTimeOffset? Start(ref Utf8JsonReader reader, out bool bad)
    {
        bad = false;
        if (reader.TokenType == JsonTokenType.Null) return null;
        Span<char> buffer = stackalloc char[40];
        if (reader.TokenType == JsonTokenType.String && TryAscii(ref reader, buffer, out var length) && buffer[..length] is var text
            && (XapiDateTime.TryParseCommon(text, out var start) || XapiDateTime.TryParse(text.ToString(), out start)) && start >= CallLogRowBinder.EarliestStart && start < CallLogRowBinder.LatestStart)
            return start;
        reader.Skip();
        bad = true;
        return null;
    }

    static TimeSpan? Duration(ref Utf8JsonReader reader, out bool bad)
    {
        bad = false;
        if (reader.TokenType == JsonTokenType.Null) return null;
        Span<char> buffer = stackalloc char[40];
        if (reader.TokenType == JsonTokenType.String && TryAscii(ref reader, buffer, out var length) && buffer[..length] is var text
            && (Iso8601Duration.TryParseCommon(text, out var duration) || Iso8601Duration.TryParse(text.ToString(), out duration)) && duration <= CallLogRowBinder.MaxDuration && duration >= -CallLogRowBinder.MaxDuration)
            return duration;
        reader.Skip();
        bad = true;
        return null;
    }

    /// <summary>A short unescaped ASCII string value as characters (what 3CX's dates and durations are); false otherwise.</summary>
    static bool TryAscii(ref Utf8JsonReader reader, scoped Span<char> buffer, out int length)
    {
        length = 0;
        var span = reader.ValueSpan;
        if (reader.ValueIsEscaped || span.Length > buffer.Length) return false;
        return System.Text.Ascii.ToUtf16(span, buffer, out length) == OperationStatus.Done;
    }
}
