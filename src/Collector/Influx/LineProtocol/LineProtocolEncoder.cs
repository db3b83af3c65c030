using System.Buffers;
using System.Globalization;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>
/// Encodes points as InfluxDB line protocol, UTF-8, straight into an <see cref="IBufferWriter{T}"/>:
/// <c>measurement[,tag=value…] field=value[,…] [timestamp]\n</c>. No per-point strings are built.
/// </summary>
/// <remarks>
/// Integers are written with the <c>i</c> suffix; floats in the invariant culture, shortest round-trip
/// form (<c>0.1</c>, <c>1E-07</c>, <c>1E+300</c>); booleans as <c>true</c>/<c>false</c>; strings quoted.
/// Escaping is described on <see cref="LineProtocolEscaper"/>: every character is carried or replaced, and the
/// writing methods return how many were replaced. A point without fields is rejected with
/// <see cref="LineProtocolException"/> before anything is written.
/// </remarks>
internal static class LineProtocolEncoder
{
    /// <summary>Writes one point as one line, ending with <c>\n</c>; returns how many characters were replaced.</summary>
    public static int Write(PointData point, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        var fields = point.Fields;
        if (fields.Count == 0)
            throw new LineProtocolException($"The point '{point.Measurement}' has no fields; line protocol needs at least one.");

        var replaced = LineProtocolEscaper.Write(output, point.Measurement, LineElement.Measurement);

        var tags = point.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            LineProtocolEscaper.WriteAscii(output, ',');
            replaced += LineProtocolEscaper.Write(output, tags[i].Key, LineElement.Key);
            LineProtocolEscaper.WriteAscii(output, '=');
            replaced += LineProtocolEscaper.Write(output, tags[i].Value, LineElement.Key);
        }

        for (var i = 0; i < fields.Count; i++)
        {
            LineProtocolEscaper.WriteAscii(output, i == 0 ? ' ' : ',');
            replaced += LineProtocolEscaper.Write(output, fields[i].Key, LineElement.FieldKey);
            LineProtocolEscaper.WriteAscii(output, '=');
            replaced += WriteValue(output, fields[i].Value);
        }

        if (point.TimestampNs is { } timestamp)
        {
            LineProtocolEscaper.WriteAscii(output, ' ');
            WriteInteger(output, timestamp);
        }

        LineProtocolEscaper.WriteAscii(output, '\n');
        return replaced;
    }

    /// <summary>Writes every point, one line each; returns how many characters were replaced.</summary>
    public static int Write(IEnumerable<PointData> points, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(points);
        var replaced = 0;
        foreach (var point in points)
            replaced += Write(point, output);
        return replaced;
    }

    /// <summary>One point as text without the trailing newline (for logs, tests and the outbox).</summary>
    public static string ToLine(PointData point)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(point, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]);
    }

    /// <summary>Several points as text, one line each, every line ending with <c>\n</c>.</summary>
    public static string ToText(IEnumerable<PointData> points)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(points, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    static int WriteValue(IBufferWriter<byte> output, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Integer:
                WriteInteger(output, value.AsInteger);
                LineProtocolEscaper.WriteAscii(output, 'i');
                break;
            case FieldKind.Float:
                WriteFloat(output, value.AsFloat);
                break;
            case FieldKind.Boolean:
                var text = value.AsBoolean ? "true"u8 : "false"u8;
                text.CopyTo(output.GetSpan(text.Length));
                output.Advance(text.Length);
                break;
            default:
                LineProtocolEscaper.WriteAscii(output, '"');
                var replaced = LineProtocolEscaper.Write(output, value.AsString, LineElement.StringValue);
                LineProtocolEscaper.WriteAscii(output, '"');
                return replaced;
        }

        return 0;
    }

    static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A 64-bit integer did not fit in 20 bytes.");
        output.Advance(written);
    }

    static void WriteFloat(IBufferWriter<byte> output, double value)
    {
        // The default format of double is the shortest text that round-trips ("R").
        var span = output.GetSpan(32);
        if (!value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        output.Advance(written);
    }
}
