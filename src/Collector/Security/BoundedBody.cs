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
        using var body = await ReadPooledAsync(content, limit, truncate, cancellationToken);
        return body?.Memory.ToArray();
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, into a buffer rented from <see cref="ArrayPool{T}.Shared"/>: the caller reads
    /// <see cref="PooledBody.Memory"/> and disposes it, which gives the buffer back. A call-log page is a few hundred KB, so
    /// a fresh array per page would be a large-object allocation each time, and the large-object heap's churn is what
    /// triggered most of a backfill's gen-2 collections (docs/benchmarks.md, Backfill).
    /// </summary>
    public static async Task<PooledBody?> ReadPooledAsync(HttpContent content, int limit, bool truncate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var declared = content.Headers.ContentLength;
        if (declared > limit && !truncate) return null;

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // The declared length (plus one byte, to notice more arriving than declared) or 64 KB, grown by doubling as needed.
        var buffer = ArrayPool<byte>.Shared.Rent((int)(declared is { } exact && exact <= limit ? Math.Min(exact + 1, limit + 1L) : Math.Min(limit + 1L, 64 * 1024)));
        var length = 0;
        try
        {
            while (length <= limit)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                // Ask for at most one byte beyond the limit: enough to know it was crossed.
                var room = (int)Math.Min(buffer.Length - length, limit + 1L - length);
                var read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken);
                if (read == 0) break;
                length += read;
            }
            if (length > limit)
            {
                if (!truncate)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
                length = limit;
            }
            return new PooledBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

/// <summary>A body in a buffer rented from <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/> gives it back, after which <see cref="Memory"/> must not be read.</summary>
internal sealed class PooledBody(byte[] buffer, int length) : IDisposable
{
    byte[]? _buffer = buffer;

    public ReadOnlyMemory<byte> Memory => _buffer is { } b ? b.AsMemory(0, length) : throw new ObjectDisposedException(nameof(PooledBody));

    public void Dispose()
    {
        if (_buffer is { } b)
            ArrayPool<byte>.Shared.Return(b);
        _buffer = null;
    }
}
