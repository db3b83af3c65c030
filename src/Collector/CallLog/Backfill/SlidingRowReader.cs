using Collector.CallLog.Sync;
using Collector.ThreeCx;

namespace Collector.CallLog.Backfill;

/// <summary>
/// Reads the rows of consecutive backfill windows so that each part of the call log is fetched from the PBX once:
/// window k reads <c>[start − L, end + L]</c> and window k+1 <c>[end − L, end' + L]</c>, so the rows the two share are
/// kept and only <c>[end + L, end' + L]</c> is fetched. Right only for history that no longer changes (calls that
/// ended before the read), which is what a backfill is for. Memory: the rows of one window and its margins.
/// Rows that cannot be read go to the <see cref="SkippedRows"/> given. Each read says what changed since the read before
/// (<see cref="WindowRows"/>), so the rows can be grouped into calls as they arrive rather than again for every window.
/// </summary>
internal sealed class SlidingRowReader(CallLogRowFetcher fetcher, PbxCallLog source, SkippedRows skipped)
{
    List<CallLogRow> _rows = [];
    RowRange? _covered;

    /// <summary>Distinct rows read from the PBX so far (rows two windows share are counted once).</summary>
    public long RowsFetched { get; private set; }

    /// <summary>The rows with StartTime in <paramref name="range"/>. The list is reused by the next call.</summary>
    public async Task<WindowRows> ReadAsync(RowRange range, CancellationToken cancellationToken)
    {
        var previous = _covered;
        _covered = null;   // until this read succeeds
        if (previous is { } covered && range.From >= covered.From && range.From <= covered.To && range.To >= covered.To)
        {
            var from = range.From;
            _rows.RemoveAll(row => WindowRows.Dropped(row, from));
            var boundary = new HashSet<DistinctRow>();
            foreach (var row in _rows)
                if (row.StartTime == covered.To)
                    boundary.Add(CallLogRowKey.Distinct(row));
            var more = await fetcher.FetchAsync(source.Name, source.Client, new RowRange(covered.To, range.To), skipped, cancellationToken);
            var firstNew = _rows.Count;
            foreach (var row in more)
            {
                if (row.StartTime == covered.To && boundary.Contains(CallLogRowKey.Distinct(row)))
                    continue;
                _rows.Add(row);
                RowsFetched++;
            }
            _covered = range;
            return new WindowRows(_rows, true, range.From, firstNew);
        }
        _rows = await fetcher.FetchAsync(source.Name, source.Client, range, skipped, cancellationToken);
        RowsFetched += _rows.Count;
        _covered = range;
        return new WindowRows(_rows, false, range.From, 0);
    }
}

/// <summary>
/// The rows of one window's read (<see cref="All"/>, StartTime in its range) and how they differ from the read before: when
/// <see cref="Continued"/>, the rows of the read before without StartTime or with one before <see cref="From"/> were dropped
/// and <c>All[FirstNew..]</c> were added (after the rows kept, in their order); otherwise all of them are new.
/// </summary>
internal readonly record struct WindowRows(List<CallLogRow> All, bool Continued, DateTimeOffset From, int FirstNew)
{
    /// <summary>Whether a read from <paramref name="from"/> on drops <paramref name="row"/> of the read before: it has no StartTime, or one before.</summary>
    public static bool Dropped(CallLogRow row, DateTimeOffset from) => row.StartTime is not { } start || start < from;
}
