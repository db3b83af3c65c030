using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.ThreeCx;

namespace Collector.CallLog.Backfill;

/// <summary>
/// The calls a backfill window writes, each call normalised once for the whole backfill. A window <c>[A, B)</c> reads the
/// rows of <c>[A − L, B + L]</c>; of those, the window writer needs the calls that started in the window and, to complete
/// the picture of its span, those that started in the margin before it, <c>[A − L, A)</c>. The latter are the calls of the
/// previous windows: they were normalised there from all their rows and are kept (for L) rather than normalised again; the
/// rows after the window only complete its calls and are never turned into calls of their own here.
/// <para>A margin call is taken from the earlier window only when the rows seen now show it the same way (same first start,
/// same number of legs); otherwise (the first window, or a call that outlasts <c>CallLog:MaxCallSpan</c>) its rows are
/// normalised now, as the sync would.</para>
/// <para>Rows are grouped into calls as they arrive (<see cref="WindowRows"/>): a window adds the rows its read added and
/// takes out those it dropped, so each row is grouped once, not once for every window that reads it; the groups are
/// always those of the window's rows, in their order. Memory: the calls of one margin, and the groups of one window's rows.</para>
/// </summary>
internal sealed class BackfillCalls(CallLogNormaliser normaliser, TimeSpan maxCallSpan)
{
    readonly Dictionary<string, NormalisedCall> _earlier = new(StringComparer.Ordinal);
    readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);   // the groups of the current window's rows
    readonly Stack<Group> _spare = new();   // emptied groups, reused
    readonly List<string> _emptied = [];

    sealed class Group
    {
        /// <summary>The earliest plausible StartTime of the rows (what places the call).</summary>
        public DateTimeOffset? Earliest;

        /// <summary>The earliest StartTime of the rows, plausible or not (<see cref="DateTimeOffset.MinValue"/> for a row without one).</summary>
        public DateTimeOffset Oldest = DateTimeOffset.MaxValue;

        public readonly List<CallLogRow> Rows = [];

        public void Add(CallLogRow row)
        {
            Rows.Add(row);
            Note(row);
        }

        /// <summary>Takes out the rows a read from <paramref name="from"/> dropped; true when none is left.</summary>
        public bool Drop(DateTimeOffset from)
        {
            Rows.RemoveAll(row => WindowRows.Dropped(row, from));
            Earliest = null;
            Oldest = DateTimeOffset.MaxValue;
            foreach (var row in Rows)
                Note(row);
            return Rows.Count == 0;
        }

        void Note(CallLogRow row)
        {
            if (CallAssembler.PlausibleStart(row) is { } start && (Earliest is null || start < Earliest))
                Earliest = start;
            var oldest = row.StartTime ?? DateTimeOffset.MinValue;
            if (oldest < Oldest)
                Oldest = oldest;
        }

        public void Clear()
        {
            Earliest = null;
            Oldest = DateTimeOffset.MaxValue;
            Rows.Clear();
        }
    }

    /// <summary>
    /// The calls of <paramref name="window"/> and of its margin before it, ordered by start then key, from
    /// <paramref name="rows"/> (StartTime in <c>[A − L, B + L]</c>). Windows must come in order, each after the one before,
    /// each with the rows the reader gave for it. Each call to build is assembled from its group as
    /// <see cref="CallLogNormaliser.Normalise"/> would.
    /// </summary>
    public IReadOnlyList<NormalisedCall> For(CallWindow window, WindowRows rows)
    {
        ArgumentNullException.ThrowIfNull(rows.All);
        Regroup(rows);
        var marginFrom = window.Start - maxCallSpan;
        var calls = new List<NormalisedCall>();
        foreach (var (key, group) in _groups)
        {
            // A call of this window, or one without a start (which the normaliser drops and counts), is built from its rows;
            // a call of the margin before the window is taken from the earlier window when the rows show it the same way.
            if (group.Earliest is { } start && !window.Contains(start))
            {
                if (start < marginFrom || start >= window.Start)
                    continue;   // began before the margin, or after the window: not this window's to write
                if (_earlier.TryGetValue(key, out var kept) && kept.Start == start && kept.Legs == group.Rows.Count)
                {
                    calls.Add(kept);
                    continue;
                }
            }
            if (normaliser.Assemble(key, group.Rows) is not { } call)
                continue;
            calls.Add(call);
            if (window.Contains(call.Start))
                _earlier[call.CallKey] = call;
        }

        // Keep what the next window's margin needs: calls that started at or after its start − L.
        var keepFrom = window.End - maxCallSpan;
        foreach (var (key, call) in _earlier)
            if (call.Start < keepFrom)
                _earlier.Remove(key);

        calls.Sort(CallLogNormaliser.ByStartThenKey);
        return calls;
    }

    /// <summary>Makes the groups those of <paramref name="rows"/>: the dropped rows taken out, the new ones added.</summary>
    void Regroup(WindowRows rows)
    {
        var groups = _groups;
        if (!rows.Continued)
        {
            foreach (var group in groups.Values)
                Recycle(group);
            groups.Clear();
        }
        else
        {
            _emptied.Clear();
            foreach (var (key, group) in groups)
                if (group.Oldest < rows.From && group.Drop(rows.From))
                    _emptied.Add(key);
            foreach (var key in _emptied)
                if (groups.Remove(key, out var group))
                    Recycle(group);
        }

        var all = rows.All;
        for (var i = rows.FirstNew; i < all.Count; i++)
        {
            var row = all[i];
            var key = CallLogNormaliser.GroupingKey(row);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = _spare.TryPop(out var spare) ? spare : new Group();
            group.Add(row);
        }
    }

    void Recycle(Group group)
    {
        group.Clear();
        _spare.Push(group);
    }
}
