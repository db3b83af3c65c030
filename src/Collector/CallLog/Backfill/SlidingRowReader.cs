using Collector.CallLog.Sync;
using Collector.ThreeCx;

namespace Collector.CallLog.Backfill;

/// <summary>
/// Reads the rows of consecutive backfill windows so that each part of the call log is fetched from the PBX once:
/// window k reads <c>[start − L, end + L]</c> and window k+1 <c>[end − L, end' + L]</c>, so the rows the two share are
/// kept and only <c>[end + L, end' + L]</c> is fetched. Right only for history that no longer changes (calls that
/// ended before the read), which is what a backfill is for. Memory: the rows of one window and its margins.
/// Rows that cannot be read go to the <see cref="SkippedRows"/> given.
/// </summary>
internal sealed class SlidingRowReader(CallLogRowFetcher fetcher, PbxCallLog source, SkippedRows skipped)
{
    List<CallLogRow> _rows = [];
    RowRange? _covered;

    /// <summary>Distinct rows read from the PBX so far (rows two windows share are counted once).</summary>
    public long RowsFetched { get; private set; }

    /// <summary>The rows with StartTime in <paramref name="range"/>. The list is reused by the next call.</summary>
    public async Task<IReadOnlyCollection<CallLogRow>> ReadAsync(RowRange range, CancellationToken cancellationToken)
    {
        var previous = _covered;
        _covered = null;   // until this read succeeds
        if (previous is { } covered && range.From >= covered.From && range.From <= covered.To && range.To >= covered.To)
        {
            _rows.RemoveAll(row => row.StartTime is not { } start || start < range.From);
            var boundary = new HashSet<DistinctRow>();
            foreach (var row in _rows)
                if (row.StartTime == covered.To)
                    boundary.Add(CallLogRowKey.Distinct(row));
            var more = await fetcher.FetchAsync(source.Name, source.Client, new RowRange(covered.To, range.To), skipped, cancellationToken);
            foreach (var row in more)
            {
                if (row.StartTime == covered.To && boundary.Contains(CallLogRowKey.Distinct(row)))
                    continue;
                _rows.Add(row);
                RowsFetched++;
            }
        }
        else
        {
            _rows = await fetcher.FetchAsync(source.Name, source.Client, range, skipped, cancellationToken);
            RowsFetched += _rows.Count;
        }
        _covered = range;
        return _rows;
    }
}
