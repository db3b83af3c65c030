using Simulator.Model;

namespace Simulator.Xapi.CallLog;

/// <summary>
/// The rows of finished calls whose StartTime lies in [from, to], sorted newest first. The last result is
/// cached while no call finishes, so paging through a frozen world renders the rows once.
/// </summary>
public sealed class CallLogIndex(CallLegRows legRows)
{
    readonly Lock _lock = new();
    (long From, long To, int Version)? _key;
    List<CallLogRow> _rows = [];

    /// <summary>Must be called while the world is locked (see <see cref="SimulationHost.Read{T}"/>).</summary>
    public List<CallLogRow> NewestFirst(CallStore store, long from, long to)
    {
        lock (_lock)
        {
            var key = (from, to, store.Version);
            if (_key == key) return _rows;
            var rows = new List<CallLogRow>();
            foreach (var call in store.Overlapping(from, to))
                foreach (var row in legRows.For(call))
                    if (row.StartTicks >= from && row.StartTicks <= to) rows.Add(row);
            rows.Sort(static (a, b) =>
            {
                var byTime = b.StartTicks.CompareTo(a.StartTicks);
                if (byTime != 0) return byTime;
                var byCall = string.CompareOrdinal(b.MainCallHistoryId, a.MainCallHistoryId);
                return byCall != 0 ? byCall : b.LegOrder.CompareTo(a.LegOrder);
            });
            _key = key;
            _rows = rows;
            return rows;
        }
    }
}
