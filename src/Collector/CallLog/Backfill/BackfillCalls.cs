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
/// normalised now, as the sync would. Memory: the calls of one margin, and the grouping table of one window (reused).</para>
/// </summary>
internal sealed class BackfillCalls(CallLogNormaliser normaliser, TimeSpan maxCallSpan)
{
    readonly Dictionary<string, NormalisedCall> _earlier = new(StringComparer.Ordinal);
    readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);   // one table for every window, cleared
    readonly Stack<Group> _spare = new();   // groups of the window before, reused

    sealed class Group
    {
        public DateTimeOffset? Earliest;
        public readonly List<CallLogRow> Rows = [];
    }

    /// <summary>
    /// The calls of <paramref name="window"/> and of its margin before it, ordered by start then key, from
    /// <paramref name="rows"/> (StartTime in <c>[A − L, B + L]</c>). Windows must come in order, each after the one before.
    /// Rows are grouped into calls once, here; each call to build is assembled from its group as
    /// <see cref="CallLogNormaliser.Normalise"/> would.
    /// </summary>
    public IReadOnlyList<NormalisedCall> For(CallWindow window, IReadOnlyCollection<CallLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var marginFrom = window.Start - maxCallSpan;
        var groups = _groups;
        foreach (var group in groups.Values)
        {
            group.Earliest = null;
            group.Rows.Clear();
            _spare.Push(group);
        }
        groups.Clear();
        foreach (var row in rows)
        {
            var key = CallLogNormaliser.GroupingKey(row);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = _spare.TryPop(out var spare) ? spare : new Group();
            group.Rows.Add(row);
            if (CallAssembler.PlausibleStart(row) is { } start && (group.Earliest is null || start < group.Earliest))
                group.Earliest = start;
        }

        var calls = new List<NormalisedCall>();
        foreach (var (key, group) in groups)
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
}
