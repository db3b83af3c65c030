using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Collector.Influx.LineProtocol;

/// <summary>
/// Deterministic nanosecond timestamps for call-derived points, unique per call (or leg) and repeatable.
/// </summary>
/// <remarks>
/// InfluxDB identifies a point by measurement, tag set and timestamp: writing a point with the same three again
/// overwrites it. So a point about a call must carry the same timestamp on every run (a rewrite overwrites, never
/// adds) and two calls must never share one (they would overwrite each other, or a rewrite would double them).
/// A per-call tag would make every call a series of its own, which InfluxDB's series index does not scale to; so the
/// identity lives in the timestamp instead:
/// <code>timestamp_ns = the start truncated to the millisecond + H(key) mod 1 000 000</code>
/// where H is the first 64 bits of SHA-256 over the key's UTF-8 bytes (the same in every process, machine and
/// version, unlike <see cref="string.GetHashCode()"/>). The point stays within the millisecond of its start (so in
/// the same second, minute, hour and day: every dashboard bucket is unchanged), and distinct keys in one millisecond
/// spread over a million slots. Two keys of one write that still land on the same slot are moved apart by
/// <see cref="CallTimestamps"/>, deterministically. What remains is two points of the same series written by
/// different writes, in the same millisecond, on the same one-in-a-million slot: docs/normalisation.md works out how
/// rare that is.
/// </remarks>
internal static class CallTimestamp
{
    /// <summary>Slots per millisecond: the nanoseconds of one millisecond.</summary>
    public const long Slots = 1_000_000;

    /// <summary>The natural timestamp of the point about <paramref name="key"/> that started at <paramref name="start"/>.</summary>
    public static long For(DateTimeOffset start, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Millisecond(start) + Slot(key);
    }

    /// <summary>The start truncated to its millisecond, in nanoseconds since the Unix epoch.</summary>
    public static long Millisecond(DateTimeOffset start)
    {
        var milliseconds = Math.DivRem(UnixTime.Nanoseconds(start), Slots, out var rest);
        return (rest < 0 ? milliseconds - 1 : milliseconds) * Slots; // floor, also before 1970
    }

    /// <summary>The key's slot in [0, <see cref="Slots"/>): H(key) mod 1 000 000.</summary>
    public static long Slot(string key) => (long)(Hash64(key) % Slots);

    /// <summary>The first 64 bits (big-endian) of SHA-256 over the UTF-8 bytes of <paramref name="key"/>.</summary>
    internal static ulong Hash64(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> stack = stackalloc byte[ShortSha256.MaxLength];
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        var bytes = max <= stack.Length ? stack : new byte[max];
        var length = Encoding.UTF8.GetBytes(key, bytes);
        if (length <= ShortSha256.MaxLength)
            return ShortSha256.First64(bytes[..length]); // a key: the same SHA-256 without the platform call's overhead
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..length], hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
