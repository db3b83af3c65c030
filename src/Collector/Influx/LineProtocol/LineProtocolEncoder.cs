using System.Buffers;
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

        var line = new LineWriter(output.GetSpan(MaxBytes(point)));   // room for the line asked for once, not per token
        var replaced = LineProtocolEscaper.Write(ref line, point.Measurement, LineElement.Measurement);

        var tags = point.Tags;
        for (var i = 0; i < tags.Count; i++)
        {
            line.Ascii(',');
            replaced += LineProtocolEscaper.Write(ref line, tags[i].Key, LineElement.Key);
            line.Ascii('=');
            replaced += LineProtocolEscaper.Write(ref line, tags[i].Value, LineElement.Key);
        }

        for (var i = 0; i < fields.Count; i++)
        {
            line.Ascii(i == 0 ? ' ' : ',');
            replaced += LineProtocolEscaper.Write(ref line, fields[i].Key, LineElement.FieldKey);
            line.Ascii('=');
            replaced += WriteValue(ref line, fields[i].Value);
        }

        if (point.TimestampNs is { } timestamp)
        {
            line.Ascii(' ');
            line.Integer(timestamp);
        }

        line.Ascii('\n');
        output.Advance(line.Position);
        return replaced;
    }

    // The most bytes the point's line can take: every character escaped or replaced at its largest, every number at its longest.
    static int MaxBytes(PointData point)
    {
        var chars = point.Measurement.Length;
        var tags = point.Tags;
        for (var i = 0; i < tags.Count; i++)
            chars += tags[i].Key.Length + tags[i].Value.Length + 2;
        var numbers = 1;   // the timestamp
        var fields = point.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            chars += fields[i].Key.Length + 2;
            if (fields[i].Value.Kind == FieldKind.String)
                chars += fields[i].Value.AsString.Length + 2;
            else
                numbers++;
        }

        return checked((chars * LineWriter.MaxBytesPerChar) + (numbers * LineWriter.MaxNumberBytes) + 2);
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

    static int WriteValue(ref LineWriter line, FieldValue value)
    {
        switch (value.Kind)
        {
            case FieldKind.Integer:
                line.Integer(value.AsInteger);
                line.Ascii('i');
                break;
            case FieldKind.Float:
                line.Float(value.AsFloat);
                break;
            case FieldKind.Boolean:
                line.Ascii(value.AsBoolean ? "true"u8 : "false"u8);
                break;
            default:
                line.Ascii('"');
                var replaced = LineProtocolEscaper.Write(ref line, value.AsString, LineElement.StringValue);
                line.Ascii('"');
                return replaced;
        }

        return 0;
    }
}
