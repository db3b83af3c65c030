using System.Buffers;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>Where a string goes in a line: each place has its own escaping rules.</summary>
enum LineElement
{
    Measurement,
    Key,          // tag keys and tag values share one rule set
    FieldKey,     // the same, but InfluxDB also unescapes \" in a field key (as in a measurement)
    StringValue,
}

/// <summary>
/// Writes strings as escaped UTF-8, straight into the output buffer. Every character is either <b>carried</b> (InfluxDB
/// stores exactly it) or <b>replaced</b> (by something every InfluxDB version parses the same way), and replacements are
/// counted: the encoder must be safe on its own, whatever text reaches it.
/// <para>Carried, with InfluxDB's escapes:</para>
/// <list type="bullet">
/// <item>measurement: comma and space are escaped with a backslash;</item>
/// <item>tag key, tag value, field key: comma, equals sign and space are escaped;</item>
/// <item>string field value (inside double quotes): double quote and backslash are escaped; LF and CR are written as
/// they are (InfluxDB's parser reads a quoted string to its closing quote, line breaks included, and so does
/// <see cref="LineBatch.FromUtf8"/>);</item>
/// <item>tab, everywhere (it separates nothing in line protocol);</item>
/// <item>everything else that is printable, in UTF-8: quotes, apostrophes, letters of any script, emoji, and a backslash in
/// a name or tag that does not stand before a character this writer escapes.</item>
/// </list>
/// <para>Replaced (each counts one):</para>
/// <list type="bullet">
/// <item>in names, keys and tags, LF and CR become the two-character texts <c>\n</c> and <c>\r</c> (as InfluxDB's official
/// C# client writes them): outside a quoted string a line break ends the point, and no escape for it exists;</item>
/// <item>everywhere, every other control character (U+0000–U+001F, U+007F–U+009F: NUL, ESC, DEL, …) becomes U+FFFD (�): InfluxDB 1.x
/// would store a NUL, but queries, Grafana and the tools behind them cannot handle it;</item>
/// <item>everywhere, half of a surrogate pair (text that is not valid UTF-16) becomes U+FFFD, as UTF-8 cannot carry it;</item>
/// <item>in names, keys and tags, a backslash at the end or before a comma, space or equals sign becomes <c>/</c>: no
/// encoding of it reads back the same in every parser (InfluxDB 1.x rejects <c>t=abc\\ </c>, decides whether a separator
/// is escaped by looking at the previous byte only, and unescapes <c>\=</c> even in a measurement); in a measurement and a
/// field key also a backslash before a double quote (InfluxDB 1.x reads <c>\"</c> there as <c>"</c>, not in tags).</item>
/// </list>
/// Checked against a real influxd 1.6.7 (<c>InfluxdRoundTripTests</c>).
/// </summary>
static class LineProtocolEscaper
{
    /// <summary>What a character that cannot be carried becomes (U+FFFD REPLACEMENT CHARACTER).</summary>
    public const char Replacement = '\uFFFD';

    static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(Specials(", \\"));
    static readonly SearchValues<char> KeySpecials = SearchValues.Create(Specials(",= \\"));
    static readonly SearchValues<char> StringSpecials = SearchValues.Create(Specials("\"\\"));

    /// <summary>
    /// Writes <paramref name="value"/> escaped for <paramref name="element"/> (at most <see cref="LineWriter.MaxBytesPerChar"/>
    /// bytes a character); returns how many characters were replaced.
    /// </summary>
    public static int Write(ref LineWriter output, string value, LineElement element)
    {
        var specials = element switch
        {
            LineElement.Measurement => MeasurementSpecials,
            LineElement.Key or LineElement.FieldKey => KeySpecials,
            _ => StringSpecials,
        };

        var replaced = 0;
        var rest = value.AsSpan();
        while (true)
        {
            var special = rest.IndexOfAny(specials);
            if (special < 0)
            {
                output.Utf8(rest);
                return replaced;
            }

            output.Utf8(rest[..special]);
            var c = rest[special];
            if (char.IsHighSurrogate(c) && special + 1 < rest.Length && char.IsLowSurrogate(rest[special + 1]))
            {
                output.Utf8(rest.Slice(special, 2)); // a whole pair (an emoji, …) is carried
                rest = rest[(special + 2)..];
                continue;
            }

            var next = special + 1 < rest.Length ? rest[special + 1] : (char?)null;
            if (!WriteSpecial(ref output, c, next, element))
                replaced++;
            rest = rest[(special + 1)..];
        }
    }

    /// <summary>
    /// What InfluxDB stores for <paramref name="value"/> written as a tag value (or tag key): the text after this writer's
    /// replacements, unescaped. Lets a reader compare what it reads back with what it wrote.
    /// </summary>
    public static string StoredTag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAny(KeySpecials))
            return value; // nothing to escape or replace: stored as it is (the common case, without encoding it)
        var output = new LineWriter(new byte[value.Length * LineWriter.MaxBytesPerChar]);
        Write(ref output, value, LineElement.Key);
        var escaped = Encoding.UTF8.GetString(output.Written);
        var stored = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] == '\\' && i + 1 < escaped.Length && escaped[i + 1] is ',' or '=' or ' ')
                i++; // an escape this writer wrote: InfluxDB stores the character after it
            stored.Append(escaped[i]);
        }

        return stored.ToString();
    }

    /// <returns>True when the character was carried (escaped), false when it was replaced.</returns>
    static bool WriteSpecial(ref LineWriter output, char c, char? next, LineElement element)
    {
        switch (c)
        {
            case '\n' or '\r' when element == LineElement.StringValue:
            case '\t':
                output.Ascii(c);
                return true;
            case '\n':
                output.Ascii('\\', 'n');
                return false;
            case '\r':
                output.Ascii('\\', 'r');
                return false;
            case '\\' when element == LineElement.StringValue:
                output.Ascii('\\', '\\');
                return true;
            case '\\':
                // Literal unless it would escape what follows (or the separator after the token). InfluxDB 1.x reads
                // "\=" as '=' in a measurement too, though a bare '=' needs no escape there.
                var escapesNeighbour = next is null or ',' or ' ' or '=' || (next == '"' && element != LineElement.Key);
                output.Ascii(escapesNeighbour ? '/' : '\\');
                return !escapesNeighbour;
            case ',' or ' ' or '=' or '"':
                output.Ascii('\\', c);
                return true;
            default:
                // Another control character, or half of a surrogate pair.
                output.Utf8([Replacement]);
                return false;
        }
    }

    /// <summary>The characters a writer must look at: its escapes, every control character and every surrogate.</summary>
    static string Specials(string escapes)
    {
        var text = new StringBuilder(escapes);
        for (var c = '\u0000'; c <= '\u001f'; c++) text.Append(c);
        for (var c = '\u007f'; c <= '\u009f'; c++) text.Append(c);
        for (var c = '\ud800'; c <= '\udfff'; c++) text.Append(c);
        return text.ToString();
    }
}
