using Simulator.Model;

namespace Simulator.Xapi.CallLog;

/// <summary>A call-log row by reference: its StartTime, its call and its 1-based place among the call's rows.</summary>
public readonly record struct RowRef(long Start, Call Call, int Order);

/// <summary>
/// The rows of finished calls whose StartTime lies in [from, to], newest first, as light references (the
/// JSON is built only for the page asked for). The last result is cached while no call finishes, so
/// paging through a frozen world sorts once.
/// </summary>
public sealed class CallLogIndex
{
    readonly Lock _lock = new();
    (long From, long To, int Version)? _key;
    List<RowRef> _rows = [];

    /// <summary>Must be called while the world is locked (see <see cref="SimulationHost.Read{T}"/>).</summary>
    public List<RowRef> NewestFirst(CallStore store, long from, long to)
    {
        lock (_lock)
        {
            var key = (from, to, store.Version);
            if (_key == key) return _rows;
            var all = new List<RowRef>();
            foreach (var call in store.Overlapping(from, to)) CallLegRows.Starts(call, all);
            var rows = all.Where(r => r.Start >= from && r.Start <= to).ToList();
            rows.Sort(static (a, b) =>
            {
                var byTime = b.Start.CompareTo(a.Start);
                if (byTime != 0) return byTime;
                var byCall = b.Call.Seq.CompareTo(a.Call.Seq);
                return byCall != 0 ? byCall : b.Order.CompareTo(a.Order);
            });
            _key = key;
            _rows = rows;
            return rows;
        }
    }
}
