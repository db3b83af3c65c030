using System.Text;
using System.Text.Unicode;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Makes a JSON body safe to read text from, without changing its structure: drops a leading UTF-8 byte-order mark,
/// replaces bytes that are not UTF-8 with U+FFFD, and rewrites an escaped lone UTF-16 surrogate (half an emoji, e.g.
/// <c>\ud83d</c> not followed by its low half) to <c>\ufffd</c>, which is what a string reader would need to make of it
/// anyway. A body that needs none of this is returned as it is.
/// </summary>
internal static class JsonTextRepair
{
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static ReadOnlyMemory<byte> Repair(ReadOnlyMemory<byte> body)
    {
        if (body.Span.StartsWith(Bom)) body = body[Bom.Length..];
        var span = body.Span;
        var validUtf8 = Utf8.IsValid(span);
        if (validUtf8 && !HasSurrogateEscape(span)) return body;

        var text = Encoding.UTF8.GetString(span);   // invalid bytes become U+FFFD
        return Encoding.UTF8.GetBytes(RepairEscapes(text));
    }

    /// <summary>True when an escape <c>\uD800</c>–<c>\uDFFF</c> may be present (a cheap over-approximation).</summary>
    static bool HasSurrogateEscape(ReadOnlySpan<byte> span)
    {
        for (var i = span.IndexOf((byte)'\\'); i >= 0 && i + 2 < span.Length; )
        {
            if (span[i + 1] == (byte)'u' && (span[i + 2] | 0x20) == (byte)'d') return true;
            var next = span[(i + 2)..].IndexOf((byte)'\\');
            if (next < 0) return false;
            i += 2 + next;
        }
        return false;
    }

    /// <summary>Rewrites each escaped lone surrogate to <c>\ufffd</c>; every other character and escape stays as it is.</summary>
    internal static string RepairEscapes(string text)
    {
        StringBuilder? repaired = null;
        var copied = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\' || i + 1 >= text.Length) continue;
            if (text[i + 1] != 'u')
            {
                i++;   // an escape of one character (\\, \", \n, …): skip it, so "\\ud83d" is left alone
                continue;
            }
            if (!TryHex(text, i + 2, out var unit))
            {
                i++;
                continue;
            }
            if (char.IsHighSurrogate(unit) && i + 7 < text.Length && text[i + 6] == '\\' && text[i + 7] == 'u'
                && TryHex(text, i + 8, out var low) && char.IsLowSurrogate(low))
            {
                i += 11;   // a whole pair
                continue;
            }
            if (char.IsSurrogate(unit))
            {
                repaired ??= new StringBuilder(text.Length);
                repaired.Append(text, copied, i - copied).Append("\\ufffd");
                copied = i + 6;
            }
            i += 5;
        }
        return repaired is null ? text : repaired.Append(text, copied, text.Length - copied).ToString();
    }

    static bool TryHex(string text, int start, out char value)
    {
        value = '\0';
        if (start + 4 > text.Length) return false;
        var v = 0;
        for (var k = start; k < start + 4; k++)
        {
            var digit = HexDigit(text[k]);
            if (digit < 0) return false;
            v = v * 16 + digit;
        }
        value = (char)v;
        return true;
    }

    static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
