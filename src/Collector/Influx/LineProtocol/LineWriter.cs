using System.Globalization;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>
/// Writes the bytes of one line into a span that is known to be large enough (<see cref="LineProtocolEncoder"/> asks its
/// buffer once for a line's largest possible size), so encoding a token is a copy, not a call through
/// <see cref="System.Buffers.IBufferWriter{T}"/>. Writing past the span's end throws, as any span does.
/// </summary>
internal ref struct LineWriter
{
    readonly Span<byte> _destination;

    public LineWriter(Span<byte> destination) => _destination = destination;

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    /// <summary>The most bytes one character of text can become once escaped or replaced (U+FFFD is three).</summary>
    public const int MaxBytesPerChar = 3;

    /// <summary>The most bytes an integer (with sign) or a float in its shortest round-trip form takes.</summary>
    public const int MaxNumberBytes = 32;

    public readonly ReadOnlySpan<byte> Written => _destination[..Position];

    public void Ascii(char c) => _destination[Position++] = (byte)c;

    public void Ascii(char first, char second)
    {
        _destination[Position] = (byte)first;
        _destination[Position + 1] = (byte)second;
        Position += 2;
    }

    public void Ascii(ReadOnlySpan<byte> text)
    {
        text.CopyTo(_destination[Position..]);
        Position += text.Length;
    }

    public void Utf8(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
            Position += Encoding.UTF8.GetBytes(text, _destination[Position..]);
    }

    public void Integer(long value)
    {
        if (!value.TryFormat(_destination[Position..], out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A 64-bit integer did not fit in its room.");
        Position += written;
    }

    /// <summary>A float in the invariant culture, shortest text that round-trips (the default format of double).</summary>
    /// <remarks>
    /// Most floats written are durations in seconds of whole milliseconds (<c>12.345</c>); those are written from their
    /// integer count of thousandths, the same text <see cref="double.TryFormat(Span{byte}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// gives at a fraction of its cost (see <see cref="TryThousandths"/>); every other value goes through it.
    /// </remarks>
    public void Float(double value)
    {
        if (TryThousandths(value, out var thousandths))
        {
            Thousandths(thousandths);
            return;
        }

        if (!value.TryFormat(_destination[Position..], out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A double did not fit in its room.");
        Position += written;
    }

    /// <summary>The largest magnitude the thousandths form is used for (2^40): far below where a double's spacing nears 0.001.</summary>
    const double MaxThousandthsMagnitude = 1099511627776d;

    /// <summary>
    /// Whether <paramref name="value"/> is the double nearest to <c>n / 1000</c> for an integer n (not zero): then n / 1000,
    /// written with its trailing zeros cut, is exactly the shortest text that round-trips. It reads back as the value (the
    /// division is correctly rounded, as parsing is), and no shorter decimal does: one would be a multiple of a larger power
    /// of ten, at least 0.001 away, while below 2^40 two doubles 0.001 apart never round alike. Such a value is also
    /// never written in exponent form (double uses it only below 1E-04 and far above 2^40).
    /// </summary>
    static bool TryThousandths(double value, out long thousandths)
    {
        thousandths = 0;
        if (!(Math.Abs(value) < MaxThousandthsMagnitude))   // NaN too
            return false;
        var scaled = Math.Round(value * 1000d);
        thousandths = (long)scaled;
        return thousandths != 0 && thousandths / 1000d == value;
    }

    // n / 1000 as text: the integer part, then up to three fraction digits without trailing zeros.
    void Thousandths(long thousandths)
    {
        if (thousandths < 0)
        {
            Ascii('-');
            thousandths = -thousandths;
        }

        var whole = Math.DivRem(thousandths, 1000, out var fraction);
        Integer(whole);
        if (fraction == 0)
            return;
        _destination[Position++] = (byte)'.';
        var digits = 3;
        while (fraction % 10 == 0)
        {
            fraction /= 10;
            digits--;
        }

        for (var i = digits - 1; i >= 0; i--)
        {
            _destination[Position + i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        Position += digits;
    }
}
