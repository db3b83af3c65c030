using System.Security.Cryptography;
using System.Text;

namespace Collector.ThreeCx;

/// <summary>
/// One element of a call-log page: the row, or, when it could not be read, why (<see cref="Unreadable"/>).
/// A <see cref="CallLogRow"/> converts to an entry implicitly.
/// </summary>
internal readonly record struct CallLogEntry
{
    CallLogEntry(CallLogRow? row, UnreadableRow? unreadable)
    {
        Row = row;
        Unreadable = unreadable;
    }

    /// <summary>The row; null when it could not be read.</summary>
    public CallLogRow? Row { get; }

    /// <summary>Set instead of <see cref="Row"/> when the element could not be read as a row.</summary>
    public UnreadableRow? Unreadable { get; }

    public static CallLogEntry Of(CallLogRow row) => new(row ?? throw new ArgumentNullException(nameof(row)), null);

    public static CallLogEntry Skipped(UnreadableRow unreadable) => new(null, unreadable ?? throw new ArgumentNullException(nameof(unreadable)));

    public static implicit operator CallLogEntry(CallLogRow row) => Of(row);
}

/// <summary>
/// A call-log element that could not be read as a row (a field of the wrong type or out of range, not an object, …).
/// It is skipped, counted and kept aside (quarantined) for inspection; the rest of the page is read as usual.
/// </summary>
/// <param name="CdrId">The element's CdrId when it has a readable one, else null.</param>
/// <param name="Reason">Why it could not be read (at most <see cref="MaxReasonLength"/> characters).</param>
/// <param name="RawText">The element's JSON text, cut to at most <see cref="MaxRawLength"/> characters.</param>
/// <param name="Key">Its identity: the CdrId, else <c>raw:</c> and 32 hex digits of a SHA-256 of its whole JSON text.</param>
internal sealed record UnreadableRow(string? CdrId, string Reason, string RawText, string Key)
{
    public const int MaxReasonLength = 300;
    public const int MaxRawLength = 4000;
    public const int MaxCdrIdLength = 100;

    /// <summary>Builds one from the element's whole JSON text, bounding every part.</summary>
    public static UnreadableRow From(string? cdrId, string reason, string rawText)
    {
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentNullException.ThrowIfNull(rawText);
        var id = string.IsNullOrWhiteSpace(cdrId) ? null : Cut(cdrId, MaxCdrIdLength);
        var key = id ?? "raw:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawText)), 0, 16);
        return new UnreadableRow(id, Cut(reason, MaxReasonLength), Cut(rawText, MaxRawLength), key);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters (an ellipsis marks the cut), never splitting a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max) return text;
        var end = max - 1;
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }
}
