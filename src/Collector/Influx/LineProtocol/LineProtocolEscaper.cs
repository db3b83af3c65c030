using System.Buffers;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>Where a string goes in a line: each place has its own escaping rules.</summary>
enum LineElement
{
    Measurement,
    Key,          // tag keys, tag values and field keys share one rule set
    StringValue,
}

/// <summary>
/// Writes strings as escaped UTF-8, straight into the output buffer, following InfluxDB's rules:
/// <list type="bullet">
/// <item>measurement: comma and space are escaped with a backslash;</item>
/// <item>tag key, tag value, field key: comma, equals sign and space are escaped;</item>
/// <item>string field value (inside double quotes): double quote and backslash are escaped.</item>
/// </list>
/// Decisions beyond the table (checked against a real influxd 1.6.7):
/// <list type="bullet">
/// <item>CR and LF are written as the two-character texts <c>\r</c> and <c>\n</c> everywhere (as the
/// official C# client does), so one point is always one physical line; InfluxDB stores them as that text.</item>
/// <item>In names and tags a backslash is literal (InfluxDB 1.x keeps <c>\\</c> as two characters), except
/// where it would escape its neighbour: at the end, or before a character this writer escapes. There no
/// encoding survives InfluxDB 1.x's parser (<c>t=abc\\ </c> is rejected), so it is written as <c>/</c>.</item>
/// </list>
/// </summary>
static class LineProtocolEscaper
{
    static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", \\\r\n");
    static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= \\\r\n");
    static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\\r\n");

    public static void Write(IBufferWriter<byte> output, string value, LineElement element)
    {
        var specials = element switch
        {
            LineElement.Measurement => MeasurementSpecials,
            LineElement.Key => KeySpecials,
            _ => StringSpecials,
        };

        var rest = value.AsSpan();
        while (true)
        {
            var special = rest.IndexOfAny(specials);
            if (special < 0)
            {
                WriteUtf8(output, rest);
                return;
            }

            WriteUtf8(output, rest[..special]);
            var next = special + 1 < rest.Length ? rest[special + 1] : (char?)null;
            WriteSpecial(output, rest[special], next, element);
            rest = rest[(special + 1)..];
        }
    }

    static void WriteSpecial(IBufferWriter<byte> output, char c, char? next, LineElement element)
    {
        switch (c)
        {
            case '\n':
                WriteAscii(output, '\\', 'n');
                break;
            case '\r':
                WriteAscii(output, '\\', 'r');
                break;
            case '\\' when element == LineElement.StringValue:
                WriteAscii(output, '\\', '\\');
                break;
            case '\\':
                // Literal unless it would escape what follows (or the separator after the token).
                var escapesNeighbour = next is null || next == ',' || next == ' ' || (next == '=' && element == LineElement.Key);
                WriteAscii(output, escapesNeighbour ? '/' : '\\');
                break;
            default:
                WriteAscii(output, '\\', c);
                break;
        }
    }

    public static void WriteAscii(IBufferWriter<byte> output, char c)
    {
        output.GetSpan(1)[0] = (byte)c;
        output.Advance(1);
    }

    static void WriteAscii(IBufferWriter<byte> output, char first, char second)
    {
        var span = output.GetSpan(2);
        span[0] = (byte)first;
        span[1] = (byte)second;
        output.Advance(2);
    }

    static void WriteUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
