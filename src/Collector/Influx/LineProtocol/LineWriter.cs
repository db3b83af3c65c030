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
    public void Float(double value)
    {
        if (!value.TryFormat(_destination[Position..], out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A double did not fit in its room.");
        Position += written;
    }
}
