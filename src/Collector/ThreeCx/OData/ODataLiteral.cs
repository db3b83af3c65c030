using System.Globalization;
using System.Text;

namespace Collector.ThreeCx.OData;

/// <summary>
/// A function parameter value rendered as an OData URL literal, already safe to put in a path segment:
/// dates unquoted UTC (<c>2026-09-12T00:00:00Z</c>, fraction only when needed), strings single-quoted with
/// <c>'</c> doubled and every byte that is neither unreserved nor <c>:</c> percent-encoded, ints and bools bare.
/// </summary>
internal readonly record struct ODataLiteral
{
    ODataLiteral(string text) => Text = text;

    /// <summary>The literal as it appears in the URL.</summary>
    public string Text { get; }

    public override string ToString() => Text;

    public static ODataLiteral Of(DateTimeOffset value) =>
        new(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    public static ODataLiteral Of(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static ODataLiteral Of(bool value) => new(value ? "true" : "false");

    public static ODataLiteral Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b == (byte)'\'') text.Append("''");
            else if (IsUnreserved(b)) text.Append((char)b);
            else text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return new(text.Append('\'').ToString());
    }

    /// <summary>A time-of-day/interval as 3CX's quoted TimeSpan: zero is the admin UI's <c>'0:00:0'</c>, else <c>'h:mm:ss'</c>.</summary>
    public static ODataLiteral OfTimeSpan(TimeSpan value)
    {
        if (value < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(value), value, "Must not be negative.");
        return Of(value == TimeSpan.Zero
            ? "0:00:0"
            : string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalHours}:{value.Minutes:00}:{value.Seconds:00}"));
    }

    /// <summary>Unreserved characters, and ':' (a path character, kept for 3CX's '0:00:0' form).</summary>
    static bool IsUnreserved(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
            or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)':';
}
