using System.Text.Json;

namespace Collector.ThreeCx.Json;

/// <summary>A call-log page read row by row: each element's row or why it was unreadable, and the page's OData members.</summary>
internal sealed record CallLogPage(IReadOnlyList<CallLogEntry> Entries, long? Count, string? NextLink);

/// <summary>
/// Reads a <c>Pbx.GetCallLogData</c> answer one row at a time, so one bad row is skipped instead of failing the page
/// (and with it every later sync run): the body is repaired first (<see cref="JsonTextRepair"/>: byte-order mark, bytes
/// that are not UTF-8, half an emoji), parsed once, and each element of <c>value</c> is bound on its own by
/// <see cref="CallLogRowBinder"/>. An element that cannot be bound becomes an <see cref="UnreadableRow"/> entry.
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
        using var document = JsonDocument.Parse(JsonTextRepair.Repair(body), Options);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new JsonException($"The answer is a JSON {root.ValueKind}, not an object with a \"value\" array.");
        JsonElement? value = null;
        long? count = null;
        string? nextLink = null;
        foreach (var member in root.EnumerateObject())
        {
            switch (member.Name)
            {
                case "value": value = member.Value; break;
                case "@odata.count": count = Count(member.Value); break;
                case "@odata.nextLink": nextLink = member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : null; break;
            }
        }
        if (value is not { ValueKind: JsonValueKind.Array } rows)
            throw new JsonException("The answer has no \"value\" array.");

        var entries = new List<CallLogEntry>(rows.GetArrayLength());
        foreach (var element in rows.EnumerateArray())
            entries.Add(ReadRow(element));
        return new CallLogPage(entries, count, nextLink);
    }

    /// <summary>A count as a number or, as 3CX may write it, a string; anything else is no count.</summary>
    static long? Count(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.TryGetInt64(out var n) ? n : null,
        JsonValueKind.String => long.TryParse(value.GetString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : null,
        _ => null,
    };

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
