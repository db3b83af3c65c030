using System.Buffers;

namespace Collector.Security;

/// <summary>
/// Reads an HTTP answer's body without ever holding more than a limit of it: an answer from outside (a PBX, a proxy in
/// front of it, InfluxDB) may be of any size, and buffering it whole would let one answer take the process's memory.
/// </summary>
internal static class BoundedBody
{
    /// <summary>
    /// The body, or null when it is longer than <paramref name="limit"/> bytes (by its <c>Content-Length</c>, or once more
    /// than that has arrived; nothing beyond is read). With <paramref name="truncate"/>, a longer body gives its first
    /// <paramref name="limit"/> bytes instead (enough for an error message).
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpContent content, int limit, bool truncate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var declared = content.Headers.ContentLength;
        if (declared > limit && !truncate) return null;

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        if (declared is { } exact && exact <= limit)
        {
            // The usual answer: read straight into an array of the declared length, with no second copy. Should more
            // arrive than declared, it is read on below as a body of unknown length.
            var body = new byte[exact];
            var filled = await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
            if (filled < body.Length) return body[..filled];
            var beyond = new byte[1];
            if (await stream.ReadAsync(beyond, cancellationToken) == 0) return body;
            buffer.Write(body);
            buffer.Write(beyond);
        }
        else
        {
            buffer.Capacity = Math.Min(limit, 64 * 1024);
        }
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (buffer.Length <= limit)
            {
                // Ask for at most one byte beyond the limit: enough to know it was crossed.
                var room = (int)Math.Min(chunk.Length, limit + 1L - buffer.Length);
                var read = await stream.ReadAsync(chunk.AsMemory(0, room), cancellationToken);
                if (read == 0) break;
                buffer.Write(chunk, 0, read);
            }
            if (buffer.Length > limit)
            {
                if (!truncate) return null;
                buffer.SetLength(limit);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }
}
