using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>
/// Deterministic, per-call unique nanosecond timestamps for call-derived points.
/// </summary>
/// <remarks>
/// InfluxDB identifies a point by measurement, tag set and timestamp: writing a point with the same
/// three again overwrites it. So a point about a call must carry the same timestamp on every run (a
/// rewrite overwrites, never adds) and two calls must never share one (they would overwrite each other).
/// 3CX reports <c>StartTime</c> with 100 ns resolution, so the two lowest decimal digits of a nanosecond
/// timestamp are free:
/// <code>timestamp_ns = (start − Unix epoch) in 100 ns ticks × 100 + FNV-1a-32(UTF-8(callKey)) mod 100</code>
/// The hash is computed over the UTF-8 bytes with a fixed algorithm, so it is the same in every process
/// and on every machine (unlike <see cref="string.GetHashCode()"/>). The point is still stamped within
/// 100 ns of the true start. Two points collide only if they start in the same 100 ns tick and their keys
/// fall in the same of 100 buckets; pass a key that is unique per point (for a queue passage, the call id
/// and the passage's position, e.g. <c>"12345/2"</c>).
/// </remarks>
internal static class CallTimestamp
{
    const uint FnvOffsetBasis = 2166136261;
    const uint FnvPrime = 16777619;

    /// <summary>Nanoseconds since the Unix epoch for the point about <paramref name="callKey"/> that started at <paramref name="start"/>.</summary>
    public static long For(DateTimeOffset start, string callKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(callKey);
        return UnixTime.Nanoseconds(start) + Fnv1a32(callKey) % 100;
    }

    /// <summary>FNV-1a, 32 bits, over the UTF-8 bytes of <paramref name="text"/>.</summary>
    internal static uint Fnv1a32(string text)
    {
        Span<byte> stack = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = max <= stack.Length ? stack : new byte[max];
        var length = Encoding.UTF8.GetBytes(text, bytes);

        var hash = FnvOffsetBasis;
        foreach (var b in bytes[..length])
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }
}
