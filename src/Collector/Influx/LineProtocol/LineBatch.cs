using System.Buffers;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>
/// Encoded lines of line protocol in one UTF-8 buffer, with the offset of every line, so the writer can
/// send any run of consecutive lines (a batch, half a batch, one bad line) without copying.
/// Every line ends with <c>\n</c>. Immutable once built.
/// </summary>
internal sealed class LineBatch
{
    readonly byte[] _buffer;
    readonly int[] _starts; // _starts[i] = offset of line i; _starts[Count] = total length

    LineBatch(byte[] buffer, int[] starts, int replacements = 0)
    {
        _buffer = buffer;
        _starts = starts;
        Replacements = replacements;
    }

    public static LineBatch Empty { get; } = new([], [0]);

    /// <summary>Number of lines (points).</summary>
    public int Count => _starts.Length - 1;

    /// <summary>Total size in bytes, newlines included.</summary>
    public int ByteCount => _starts[^1];

    /// <summary>
    /// Characters that line protocol cannot carry and that encoding replaced (see <see cref="LineProtocolEscaper"/>);
    /// zero for text that was parsed rather than encoded.
    /// </summary>
    public int Replacements { get; }

    /// <summary>
    /// Encodes points (see <see cref="LineProtocolEncoder"/>); throws on a point without fields. The lines
    /// are encoded into a per-thread scratch buffer and copied once into an exact-size array, so a batch
    /// allocates little more than its own bytes.
    /// </summary>
    public static LineBatch From(IEnumerable<PointData> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var scratch = Scratch.Take();
        try
        {
            var replacements = 0;
            foreach (var point in points)
            {
                replacements += LineProtocolEncoder.Write(point, scratch.Output);
                scratch.Starts.Add(scratch.Output.WrittenCount);
            }

            return new LineBatch(scratch.Output.WrittenSpan.ToArray(), [.. scratch.Starts], replacements);
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>
    /// Builds a batch from lines written one by one into <see cref="Output"/> (each ending with <c>\n</c>, then
    /// <see cref="Add(int)"/>) or from points (<see cref="Add(PointData)"/>), in a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/> and grown as needed. <see cref="Build"/> copies the lines into a batch of their
    /// own; <see cref="View"/> lends them without a copy, valid until the builder is cleared or disposed (which gives the
    /// buffer back). Not thread-safe.
    /// </summary>
    public sealed class Builder : IBufferWriter<byte>, IDisposable
    {
        const int InitialBytes = 64 * 1024;

        byte[]? _buffer;
        int _length;
        readonly List<int> _starts = [0];
        int _replacements;

        /// <summary>Where the next line is written.</summary>
        public IBufferWriter<byte> Output => this;

        /// <summary>Lines so far.</summary>
        public int Count => _starts.Count - 1;

        /// <summary>Ends the line just written to <see cref="Output"/>, which replaced <paramref name="replaced"/> characters.</summary>
        public void Add(int replaced)
        {
            _replacements += replaced;
            _starts.Add(_length);
        }

        /// <summary>Encodes a point as the next line (see <see cref="LineProtocolEncoder"/>).</summary>
        public void Add(PointData point) => Add(LineProtocolEncoder.Write(point, this));

        /// <summary>The lines so far, copied into a batch of their own.</summary>
        public LineBatch Build() => Count == 0 ? Empty : new LineBatch(_buffer.AsSpan(0, _length).ToArray(), [.. _starts], _replacements);

        /// <summary>The lines so far without copying their bytes: valid until <see cref="Clear"/> or <see cref="Dispose"/>.</summary>
        public LineBatch View() => Count == 0 ? Empty : new LineBatch(_buffer!, [.. _starts], _replacements);

        /// <summary>Forgets the lines and gives the buffer back (the next line rents one again).</summary>
        public void Clear()
        {
            Dispose();
            _length = 0;
            _starts.Clear();
            _starts.Add(0);
            _replacements = 0;
        }

        public void Dispose()
        {
            if (_buffer is { } buffer)
                ArrayPool<byte>.Shared.Return(buffer);
            _buffer = null;
        }

        void IBufferWriter<byte>.Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            if (_buffer is null || _length + count > _buffer.Length)
                throw new InvalidOperationException("Advanced past the room asked for.");
            _length += count;
        }

        Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => Room(sizeHint).AsMemory(_length);

        Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Room(sizeHint).AsSpan(_length);

        byte[] Room(int sizeHint)
        {
            var needed = (long)_length + Math.Max(sizeHint, 1);
            if (_buffer is { } buffer && needed <= buffer.Length)
                return buffer;
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, Math.Max(InitialBytes, (_buffer?.Length ?? 0) * 2L))));
            if (_buffer is { } old)
            {
                old.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(old);
            }
            return _buffer = larger;
        }
    }

    /// <summary>Reads encoded text (for example an outbox payload). Blank lines are skipped.</summary>
    public static LineBatch Parse(string lineProtocol)
    {
        ArgumentNullException.ThrowIfNull(lineProtocol);
        return FromUtf8(Encoding.UTF8.GetBytes(lineProtocol));
    }

    /// <summary>Joins several encoded texts in order (for example consecutive outbox rows).</summary>
    public static LineBatch Parse(IEnumerable<string> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var output = new ArrayBufferWriter<byte>(4096);
        foreach (var payload in payloads)
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(payload.Length) + 1);
            var written = Encoding.UTF8.GetBytes(payload, span);
            span[written] = (byte)'\n'; // a payload may lack its final newline; blank lines are dropped below
            output.Advance(written + 1);
        }

        return FromUtf8(output.WrittenSpan);
    }

    /// <summary>The lines of <paramref name="batches"/>, in order, as one batch (one copy of their bytes).</summary>
    public static LineBatch Concat(IReadOnlyList<LineBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (batches.Count == 1)
            return batches[0];
        var buffer = new byte[batches.Sum(b => b.ByteCount)];
        var starts = new int[batches.Sum(b => b.Count) + 1];
        int offset = 0, line = 0, replacements = 0;
        foreach (var batch in batches)
        {
            batch._buffer.AsSpan(0, batch.ByteCount).CopyTo(buffer.AsSpan(offset));
            for (var i = 0; i < batch.Count; i++)
                starts[line++] = offset + batch._starts[i];
            offset += batch.ByteCount;
            replacements += batch.Replacements;
        }
        starts[line] = offset;
        return new LineBatch(buffer, starts, replacements);
    }

    /// <summary>
    /// Splits UTF-8 text into lines, skipping blank lines; every kept line ends with <c>\n</c>. A line ends at a newline
    /// outside a quoted string field value, as in InfluxDB's own parser: a string field carries line breaks as they are.
    /// </summary>
    public static LineBatch FromUtf8(ReadOnlySpan<byte> text)
    {
        var buffer = new byte[text.Length + 1];
        var starts = new List<int> { 0 };
        var length = 0;
        while (!text.IsEmpty)
        {
            var end = LineEnd(text);
            var line = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            if (line.EndsWith("\r"u8))
                line = line[..^1];
            if (line.IsWhiteSpace())
                continue;
            line.CopyTo(buffer.AsSpan(length));
            length += line.Length;
            buffer[length++] = (byte)'\n';
            starts.Add(length);
        }

        return new LineBatch(buffer, [.. starts]);
    }

    /// <summary>
    /// Where the first line of <paramref name="text"/> ends: its first newline that is not inside a quoted string field
    /// value (or, when a quote is never closed, its first newline), or -1. Mirrors InfluxDB 1.x's <c>scanLine</c>: a backslash escapes the next byte; after the first unescaped
    /// space (the fields), a double quote opens or closes a string only in a value (more <c>=</c> than <c>,</c> seen).
    /// </summary>
    static int LineEnd(ReadOnlySpan<byte> text)
    {
        var newline = text.IndexOf((byte)'\n');
        if (newline < 0 || !text[..newline].Contains((byte)'"'))
            return newline; // no string value can hold a line break before it: the common case, vectorised
        bool fields = false, quoted = false;
        int equals = 0, commas = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
            {
                i++;
                continue;
            }

            if (b == ' ')
                fields = true;
            if (fields && !quoted && b == '=')
                equals++;
            else if (fields && !quoted && b == ',')
                commas++;
            else if (fields && b == '"' && equals > commas)
                quoted = !quoted;
            else if (b == '\n' && !quoted)
                return i;
        }

        return newline; // a quote never closed: a broken line, kept to its first physical line so it cannot swallow the next
    }

    /// <summary>The bytes of lines [start, start + count), each ending with a newline.</summary>
    public ReadOnlyMemory<byte> Slice(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count);
        return _buffer.AsMemory(_starts[start], _starts[start + count] - _starts[start]);
    }

    /// <summary>One line as text, without its newline.</summary>
    public string LineText(int index)
    {
        var line = Slice(index, 1).Span;
        return Encoding.UTF8.GetString(line[..^1]);
    }

    /// <summary>All lines as text, each ending with a newline.</summary>
    public string ToText() => Encoding.UTF8.GetString(_buffer, 0, ByteCount);
}

static class Utf8SpanExtensions
{
    public static bool IsWhiteSpace(this ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;
}

/// <summary>A reusable encoding buffer per thread (taken out while in use, so nesting is safe; big ones are not kept).</summary>
sealed class Scratch
{
    const int MaxRetainedBytes = 8 * 1024 * 1024;

    [ThreadStatic]
    static Scratch? t_cached;

    public ArrayBufferWriter<byte> Output { get; } = new(64 * 1024);

    public List<int> Starts { get; } = new(1024);

    public static Scratch Take()
    {
        var scratch = t_cached ?? new Scratch();
        t_cached = null;
        scratch.Output.ResetWrittenCount();
        scratch.Starts.Clear();
        scratch.Starts.Add(0);
        return scratch;
    }

    public static void Return(Scratch scratch)
    {
        if (scratch.Output.Capacity <= MaxRetainedBytes)
            t_cached = scratch;
    }
}
