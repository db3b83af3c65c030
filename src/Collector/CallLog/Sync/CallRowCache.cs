using Collector.CallLog.Normalisation;
using Collector.ThreeCx;

namespace Collector.CallLog.Sync;

/// <summary>
/// The call-log rows an incremental sync keeps between runs, whole calls at a time (grouped as the normaliser groups
/// them, <see cref="CallLogNormaliser.GroupingKey"/>), so a window can be written from memory exactly as from a full read:
/// the calls that began before it and still have legs in it are seen whole (and skipped) without reading their hour of
/// margin again. It holds every listed call with a leg at or after <see cref="Bound"/>: rows never change once 3CX lists
/// them (a call appears whole when it ends), so rows read once stay true, and the rows a run has not seen yet are the
/// ones <see cref="IncrementalSyncState"/> tells it to read.
/// </summary>
internal sealed class CallRowCache
{
    readonly Dictionary<string, Group> _calls = new(StringComparer.Ordinal);

    /// <summary>Calls held.</summary>
    public int Calls => _calls.Count;

    /// <summary>Rows held.</summary>
    public int Rows { get; private set; }

    /// <summary>Adds rows (a row already held, by its call and leg key, is kept once).</summary>
    public void Add(IEnumerable<CallLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            var key = CallLogNormaliser.GroupingKey(row);
            if (!_calls.TryGetValue(key, out var group))
                _calls[key] = group = new Group();
            if (group.Add(row)) Rows++;
        }
    }

    /// <summary>
    /// The rows of every call with a leg starting at or after <paramref name="from"/> and a first leg before
    /// <paramref name="before"/>: what a window needs to be written as from a full read (calls entirely before it
    /// change nothing in it; calls starting after it are not its calls).
    /// </summary>
    public List<CallLogRow> RowsOfCallsTouching(DateTimeOffset from, DateTimeOffset before)
    {
        var rows = new List<CallLogRow>();
        foreach (var group in _calls.Values)
            if (group.Last >= from && group.First < before)
                rows.AddRange(group.Rows);
        return rows;
    }

    /// <summary>Forgets the calls whose every leg started before <paramref name="bound"/>.</summary>
    public void Prune(DateTimeOffset bound)
    {
        foreach (var (key, group) in _calls.ToList())
            if (group.Last < bound)
            {
                _calls.Remove(key);
                Rows -= group.Rows.Count;
            }
    }

    public void Clear()
    {
        _calls.Clear();
        Rows = 0;
    }

    sealed class Group
    {
        readonly HashSet<string> _legs = new(StringComparer.Ordinal);

        public List<CallLogRow> Rows { get; } = [];

        /// <summary>The earliest and latest plausible leg start (a leg without one is placed at the call's start).</summary>
        public DateTimeOffset First { get; private set; } = DateTimeOffset.MaxValue;

        public DateTimeOffset Last { get; private set; } = DateTimeOffset.MinValue;

        public bool Add(CallLogRow row)
        {
            if (!_legs.Add(CallLogRowKey.For(row)))
                return false;
            Rows.Add(row);
            if (CallAssembler.PlausibleStart(row) is { } start)
            {
                if (start < First) First = start;
                if (start > Last) Last = start;
            }
            return true;
        }
    }
}
