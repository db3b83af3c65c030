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
/// normalised now, as the sync would. Memory: the calls of one margin.</para>
/// </summary>
internal sealed class BackfillCalls(CallLogNormaliser normaliser, TimeSpan maxCallSpan)
{
    readonly Dictionary<string, NormalisedCall> _earlier = new(StringComparer.Ordinal);

    sealed class Group
    {
        public DateTimeOffset? Earliest;
        public int Rows;
        public bool Normalise;
    }

    /// <summary>
    /// The calls of <paramref name="window"/> and of its margin before it, ordered by start then key, from
    /// <paramref name="rows"/> (StartTime in <c>[A − L, B + L]</c>). Windows must come in order, each after the one before.
    /// </summary>
    public IReadOnlyList<NormalisedCall> For(CallWindow window, IReadOnlyCollection<CallLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var marginFrom = window.Start - maxCallSpan;
        var keys = new string[rows.Count];
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        var i = 0;
        foreach (var row in rows)
        {
            var key = keys[i++] = CallLogNormaliser.GroupingKey(row);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = new Group();
            group.Rows++;
            if (CallAssembler.PlausibleStart(row) is { } start && (group.Earliest is null || start < group.Earliest))
                group.Earliest = start;
        }

        var calls = new List<NormalisedCall>();
        foreach (var (key, group) in groups)
        {
            if (group.Earliest is not { } start || window.Contains(start))
                group.Normalise = true;   // a call of this window (or one without a start, which the normaliser drops and counts)
            else if (start >= marginFrom && start < window.Start)
            {
                if (_earlier.TryGetValue(key, out var kept) && kept.Start == start && kept.Legs == group.Rows)
                    calls.Add(kept);
                else
                    group.Normalise = true;
            }
        }

        var fresh = new List<CallLogRow>();
        i = 0;
        foreach (var row in rows)
            if (groups[keys[i++]].Normalise)
                fresh.Add(row);
        foreach (var call in normaliser.Normalise(fresh))
        {
            calls.Add(call);
            if (window.Contains(call.Start))
                _earlier[call.CallKey] = call;
        }

        // Keep what the next window's margin needs: calls that started at or after its start − L.
        var keepFrom = window.End - maxCallSpan;
        foreach (var (key, call) in _earlier)
            if (call.Start < keepFrom)
                _earlier.Remove(key);

        calls.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.CallKey, b.CallKey));
        return calls;
    }
}
