namespace Collector.Influx.LineProtocol;

/// <summary>
/// Stamps the points of one write (<see cref="CallTimestamp"/>) so that no two distinct keys share a timestamp within a
/// measurement, whatever the order the points were added in.
/// </summary>
/// <remarks>
/// Every point gets its key's natural timestamp, except where two or more distinct keys of the same measurement land on
/// the same slot of the same millisecond. Then the first of them in ordinal key order keeps the slot and the others take
/// the next free slots of that millisecond (counting up, wrapping within it), skipping every slot that another key of
/// the write has naturally. So:
/// <list type="bullet">
/// <item>a key that collides with nothing keeps its natural timestamp, whatever else the write holds;</item>
/// <item>the result depends only on the set of (measurement, start, key) in the write, not on the order they came in:
/// a window written again gives the same timestamps;</item>
/// <item>the same key added twice (the same leg seen twice) gets one timestamp: it is one point.</item>
/// </list>
/// Points about one call are always written together, and calls that start in the same millisecond nearly always are
/// (a window boundary would have to fall inside that millisecond). A key whose collision partner is in another write
/// is not moved: that residual risk is worked out in docs/normalisation.md.
/// </remarks>
internal sealed class CallTimestamps
{
    readonly List<Entry> _entries = [];
    long[]? _stamped;

    /// <summary>
    /// Adds a point of <paramref name="measurement"/> to be stamped at <paramref name="start"/> for <paramref name="key"/>;
    /// returns its index (its final timestamp is <see cref="this[int]"/> once <see cref="Stamp"/> ran).
    /// </summary>
    public int Add(string measurement, DateTimeOffset start, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        ArgumentException.ThrowIfNullOrEmpty(key);
        _entries.Add(new Entry(measurement, key, CallTimestamp.Millisecond(start), CallTimestamp.For(start, key)));
        _stamped = null;
        return _entries.Count - 1;
    }

    /// <summary>The final timestamp of the point added as <paramref name="index"/> (its natural one before <see cref="Stamp"/>).</summary>
    public long this[int index] => _stamped is { } stamped ? stamped[index] : _entries[index].Natural;

    /// <summary>Points that were moved off their natural timestamp by the last <see cref="Stamp"/>.</summary>
    public int Moved { get; private set; }

    /// <summary>Gives every point added so far its final timestamp.</summary>
    public void Stamp()
    {
        Moved = 0;
        var stamped = new long[_entries.Count];
        for (var i = 0; i < stamped.Length; i++)
            stamped[i] = _entries[i].Natural;
        // Nearly every point has its (measurement, millisecond) to itself: a list is made only for one that is shared.
        var first = new Dictionary<(string Measurement, long Millisecond), int>(_entries.Count);
        Dictionary<(string Measurement, long Millisecond), List<int>>? shared = null;
        for (var i = 0; i < _entries.Count; i++)
        {
            var entry = _entries[i];
            var group = (entry.Measurement, entry.Millisecond);
            if (first.TryAdd(group, i))
                continue;
            shared ??= [];
            if (!shared.TryGetValue(group, out var list))
                shared[group] = list = [first[group]];
            list.Add(i);
        }

        if (shared is not null)
            foreach (var list in shared.Values)
                Resolve(list, stamped);
        _stamped = stamped;
    }

    void Resolve(List<int> group, long[] stamped)
    {
        // Distinct keys by natural timestamp; only slots that two or more keys want need work.
        var keysBySlot = new Dictionary<long, SortedSet<string>>();
        foreach (var i in group)
        {
            var entry = _entries[i];
            if (!keysBySlot.TryGetValue(entry.Natural, out var keys))
                keysBySlot[entry.Natural] = keys = new SortedSet<string>(StringComparer.Ordinal);
            keys.Add(entry.Key);
        }

        if (group.Count > CallTimestamp.Slots)
            throw new InvalidOperationException($"More than {CallTimestamp.Slots} points of one measurement start in one millisecond; they cannot all be told apart.");
        var taken = new HashSet<long>(keysBySlot.Keys);
        var assigned = new Dictionary<string, long>(StringComparer.Ordinal);
        var millisecond = _entries[group[0]].Millisecond;
        foreach (var slot in keysBySlot.Keys.Order())
        {
            var keys = keysBySlot[slot];
            if (keys.Count == 1)
                continue;
            foreach (var key in keys.Skip(1)) // the first in ordinal order keeps the slot
            {
                var candidate = slot;
                do
                {
                    candidate = Next(candidate, millisecond);
                }
                while (!taken.Add(candidate));

                assigned[key] = candidate;
            }
        }

        foreach (var i in group)
        {
            if (assigned.TryGetValue(_entries[i].Key, out var timestamp))
            {
                stamped[i] = timestamp;
                Moved++;
            }
        }
    }

    // The next slot of the same millisecond, wrapping from its last nanosecond to its first.
    static long Next(long timestamp, long millisecond) =>
        timestamp + 1 < millisecond + CallTimestamp.Slots ? timestamp + 1 : millisecond;

    readonly record struct Entry(string Measurement, string Key, long Millisecond, long Natural);
}
