using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Collector.Security;

/// <summary>
/// Text that came from outside the collector (a PBX's bodies and headers, InfluxDB's and Grafana's error texts,
/// call-log and live values, exception messages that carry them) made fit for a log template argument, a check
/// verdict, a <c>collector</c> point's <c>error</c> field or a tag value: at most <see cref="MaxLength"/> characters,
/// cut with a mark that says how long it was (<c>…[cut, 10485760 chars]</c>), and control characters (line breaks,
/// tabs, escape sequences, bidirectional overrides) replaced by spaces so that one value cannot forge or break a log
/// line. <see cref="Clean"/> also masks every known secret (<see cref="SecretRegistry"/>) before it cuts.
/// </summary>
/// <remarks>
/// The caps are documented in README ("Logs, outside text and secrets"): one outside value <see cref="MaxLength"/>
/// characters, a tag value <see cref="MaxTagLength"/>, and the log's own caps in <see cref="LogLimits"/>.
/// </remarks>
internal static class OutsideText
{
    /// <summary>The most characters of one outside value that reach a message, a verdict or an error field.</summary>
    public const int MaxLength = 300;

    /// <summary>The most characters of one InfluxDB tag value (a queue or agent name, a direction, …).</summary>
    public const int MaxTagLength = 256;

    /// <summary>Shortest cap <see cref="Bound"/> accepts (room for the cut mark).</summary>
    public const int MinCap = 32;

    // C0 and C1 controls, DEL, and the bidirectional marks and overrides that can make a line read differently.
    static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 32).Select(i => (char)i))
        + string.Concat(Enumerable.Range(0x7F, 0xA0 - 0x7F).Select(i => (char)i))
        + "\u061C\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u2028\u2029");

    /// <summary>
    /// <paramref name="text"/> with control characters replaced by spaces and cut to <paramref name="maxLength"/>
    /// characters (mark included); null stays null. Allocates nothing when the text is short and clean.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Bound(string? text, int maxLength = MaxLength) => text is null ? null : Bound(text, maxLength, keepLineBreaks: false);

    /// <summary>
    /// As <see cref="Bound(string?, int)"/>, after masking every secret <paramref name="secrets"/> knows. Masks first,
    /// so a secret near the cut is never left half visible.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text, SecretRegistry? secrets, int maxLength = MaxLength) =>
        Clean(text, secrets, maxLength, keepLineBreaks: false);

    /// <summary>Cuts <paramref name="text"/> to <paramref name="maxLength"/> characters with the mark, and nothing else (tags: line protocol escapes the rest).</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Cut(string? text, int maxLength)
    {
        if (text is null || text.Length <= maxLength) return text;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinCap);
        var mark = CutMark(text.Length);
        var keep = maxLength - mark.Length;
        if (char.IsHighSurrogate(text[keep - 1])) keep--;   // never half a character
        return string.Concat(text.AsSpan(0, keep), mark);
    }

    /// <summary>The multi-line form for exception texts: line breaks kept (as <c>\n</c>), every other control character replaced.</summary>
    internal static string CleanLines(string text, SecretRegistry? secrets, int maxLength) =>
        Clean(text, secrets, maxLength, keepLineBreaks: true)!;

    static string? Clean(string? text, SecretRegistry? secrets, int maxLength, bool keepLineBreaks)
    {
        if (text is null) return null;
        if (secrets is null) return Bound(text, maxLength, keepLineBreaks);
        // Only what can survive the cut needs masking (plus the longest secret, which may start just before it); the
        // rest is dropped unread, and the mark still gives the original length.
        var reach = maxLength + secrets.LongestLength;
        var masked = secrets.Mask(text.Length > reach ? text[..reach] : text);
        return Bound(masked, maxLength, keepLineBreaks, text.Length > reach ? text.Length : null);
    }

    /// <param name="originalLength">Set when <paramref name="text"/> is already the head of a longer text: it is cut whatever its own length.</param>
    static string Bound(string text, int maxLength, bool keepLineBreaks, int? originalLength = null)
    {
        var length = originalLength ?? text.Length;
        if (length > maxLength) ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinCap);
        var bad = text.AsSpan().IndexOfAny(Unsafe);
        if (bad < 0 && length <= maxLength) return text;

        // Only the part that survives the cut is cleaned; the mark gives the original length.
        var room = length <= maxLength ? length : maxLength;
        var result = new StringBuilder(room);
        for (var i = 0; i < text.Length && result.Length < room; i++)
        {
            var c = text[i];
            if (!Unsafe.Contains(c)) result.Append(c);
            else if (keepLineBreaks && c == '\n') result.Append('\n');
            else if (keepLineBreaks && c == '\r') { /* a \r\n or a lone \r: the \n (or nothing) stands for it */ }
            else result.Append(' ');
        }
        if (length <= maxLength) return result.ToString();
        var mark = CutMark(length);
        var keep = Math.Min(result.Length, maxLength - mark.Length);
        if (keep > 0 && char.IsHighSurrogate(result[keep - 1])) keep--;   // never half a character
        result.Length = keep;
        return result.Append(mark).ToString();
    }

    static string CutMark(int length) => string.Create(CultureInfo.InvariantCulture, $"…[cut, {length} chars]");
}
