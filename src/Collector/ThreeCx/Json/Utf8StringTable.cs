using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Short strings shared by their UTF-8 bytes: a value seen before is found from its bytes, with no decoding and no new
/// string. Keeps at most <c>capacity</c> values of at most <c>maxChars</c> characters, so an odd page cannot grow it without
/// bound; a value beyond either limit is decoded each time. Open addressing in a table at most half full, grown as values
/// come (a page with few values costs little); an ASCII value is compared with its kept string, any other with its kept
/// bytes. The hash is seeded per process, so a page cannot be made to collide on purpose. Not thread-safe.
/// </summary>
internal sealed class Utf8StringTable
{
    const int FirstSize = 256;

    static readonly ulong Seed = (ulong)Random.Shared.NextInt64();

    Slot[] _slots = new Slot[FirstSize];
    readonly int _capacity;
    readonly int _maxChars;

    public Utf8StringTable(int capacity, int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _maxChars = maxChars;
    }

    /// <summary>How many values are kept.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every value but keeps the table's room, so that using it again allocates nothing (one clear of the table).</summary>
    public void Clear()
    {
        if (Count == 0) return;
        Array.Clear(_slots);
        Count = 0;
    }

    /// <summary>The string <paramref name="utf8"/> spells (valid UTF-8): the kept one when it was seen before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per text value of every row: no unoptimised first tier
    public string Get(ReadOnlySpan<byte> utf8)
    {
        var code = Hash(utf8);
        var mask = _slots.Length - 1;
        for (var i = code & mask; ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Value is null)
                return Add(utf8, code, ref slot);
            if (slot.Code == code && (slot.Bytes is { } bytes ? utf8.SequenceEqual(bytes) : Ascii.Equals(utf8, slot.Value)))
                return slot.Value;
        }
    }

    string Add(ReadOnlySpan<byte> utf8, int code, ref Slot free)
    {
        var value = Encoding.UTF8.GetString(utf8);
        if (Count >= _capacity || value.Length > _maxChars) return value;
        // A value whose bytes are as many as its characters is ASCII: its string is enough to compare with.
        free = new Slot(value, value.Length == utf8.Length ? null : utf8.ToArray(), code);
        if (++Count * 2 > _slots.Length) Grow();
        return value;
    }

    void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Value is null) continue;
            var i = slot.Code & mask;
            while (_slots[i].Value is not null) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }

    /// <summary>A seeded multiply-and-fold hash over 8 bytes at a time (values are short: ids, numbers, names).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // per text value of every row: no unoptimised first tier
    static int Hash(ReadOnlySpan<byte> utf8)
    {
        const ulong K = 0x9E3779B97F4A7C15;
        var h = (Seed ^ (ulong)utf8.Length) * K;
        while (utf8.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * K;
            h ^= h >> 29;
            utf8 = utf8[8..];
        }
        ulong tail = 0;
        foreach (var b in utf8) tail = (tail << 8) | b;
        h = (h ^ tail) * K;
        h ^= h >> 32;
        return (int)h & int.MaxValue;
    }

    readonly record struct Slot(string? Value, byte[]? Bytes, int Code);
}
