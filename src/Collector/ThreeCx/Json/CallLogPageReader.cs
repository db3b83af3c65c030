using System.Text.Json;

namespace Collector.ThreeCx.Json;

/// <summary>A call-log page read row by row: each element's row or why it was unreadable, and the page's OData members.</summary>
internal sealed record CallLogPage(IReadOnlyList<CallLogEntry> Entries, long? Count, string? NextLink);

/// <summary>
/// Reads a <c>Pbx.GetCallLogData</c> answer one row at a time, so one bad row is skipped instead of failing the page
/// (and with it every later sync run): the body is repaired first (<see cref="JsonTextRepair"/>: byte-order mark, bytes
/// that are not UTF-8, half an emoji), then read once from its bytes with a <see cref="Utf8JsonReader"/> (no document):
/// each element of <c>value</c> is bound on its own by <see cref="CallLogRowStreamBinder"/>, and one it gives up on is
/// parsed alone and bound by <see cref="CallLogRowBinder"/>, which reads it or says why not. An element that cannot be
/// bound becomes an <see cref="UnreadableRow"/> entry. A count written as a string is read as a number.
/// Only a page that is not JSON at all (cut short, nested deeper than <see cref="MaxDepth"/>) or has no <c>value</c>
/// array throws <see cref="JsonException"/>: its rows cannot be told apart, so the read fails and is retried.
/// </summary>
internal static class CallLogPageReader
{
    /// <summary>How deep a page may nest (3CX's rows nest 3 deep; unused fields may nest further without harm).</summary>
    public const int MaxDepth = 1000;

    static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    public static CallLogPage Read(ReadOnlyMemory<byte> body)
    {
        var json = JsonTextRepair.Repair(body);
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read())
            throw new JsonException("The answer is empty.");
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"The answer is a JSON {KindOf(reader.TokenType)}, not an object with a \"value\" array.");
        List<CallLogEntry>? entries;
        long? count;
        string? nextLink;
        var binder = CallLogRowStreamBinder.Take();
        try
        {
            ReadMembers(ref reader, json, binder, out entries, out count, out nextLink);
        }
        finally
        {
            CallLogRowStreamBinder.Return(binder);
        }
        if (reader.Read())   // anything after the object: not one JSON value (the reader throws on most of it itself)
            throw new JsonException("The answer has more than one JSON value.");
        if (entries is null)
            throw new JsonException("The answer has no \"value\" array.");
        return new CallLogPage(entries, count, nextLink);
    }

    static void ReadMembers(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, CallLogRowStreamBinder binder,
        out List<CallLogEntry>? entries, out long? count, out string? nextLink)
    {
        entries = null;
        count = null;
        nextLink = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                entries = reader.TokenType == JsonTokenType.StartArray ? ReadRows(ref reader, json, binder) : null;   // the last "value" wins
                if (entries is null) reader.Skip();
            }
            else if (reader.ValueTextEquals("@odata.count"u8))
            {
                reader.Read();
                count = Count(ref reader);
            }
            else if (reader.ValueTextEquals("@odata.nextLink"u8))
            {
                reader.Read();
                nextLink = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                reader.Skip();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>
    /// The rows of the <c>value</c> array, each bound straight from the bytes (<see cref="CallLogRowStreamBinder"/>); an element
    /// it gives up on is read again on its own by <see cref="ReadRow"/>, which binds it or says why it cannot.
    /// </summary>
    static List<CallLogEntry> ReadRows(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, CallLogRowStreamBinder binder)
    {
        var entries = new List<CallLogEntry>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            if (binder.TryBind(ref reader, out var row))
            {
                entries.Add(CallLogEntry.Of(row!));
                continue;
            }
            using var element = JsonDocument.Parse(json[start..(int)reader.BytesConsumed], Options);
            entries.Add(ReadRow(element.RootElement));
        }
        return entries;
    }

    static string KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        JsonTokenType.Null => nameof(JsonValueKind.Null),
        _ => token.ToString(),
    };

    static long? Count(ref Utf8JsonReader reader)
    {
        long? count = reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetInt64(out var n) ? n : null,
            JsonTokenType.String => long.TryParse(reader.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
        reader.Skip();
        return count;
    }

    /// <summary>One element: its row, or an <see cref="UnreadableRow"/>. Never throws.</summary>
    public static CallLogEntry ReadRow(JsonElement element)
    {
        string? reason;
        try
        {
            if (CallLogRowBinder.TryBind(element, out reason) is { } row)
                return row;
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            reason = "it could not be read: " + ex.Message;
        }
        return CallLogEntry.Skipped(UnreadableRow.From(CallLogRowBinder.CdrIdOf(element), reason ?? "it could not be read", element.GetRawText()));
    }
}
