using System.Runtime.CompilerServices;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.OData;
using Microsoft.Extensions.Logging;

namespace Collector.ThreeCx.Paging;

/// <summary>
/// Streams a call-log window with <c>$top</c>/<c>$skip</c>, whatever order the PBX uses (newest-first by default)
/// and while rows keep arriving:
/// <list type="bullet">
/// <item>each page starts <see cref="XapiOptions.PageOverlap"/> rows before the end of the previous one, so a row
/// that shifted towards the front while paging is still read;</item>
/// <item>rows are deduplicated on <see cref="CallLogRowKey"/> (CdrId), so shifting rows are not read twice;</item>
/// <item>each row is read on its own (<see cref="CallLogPageReader"/>): one that cannot be read is yielded as an
/// <see cref="UnreadableRow"/> entry (deduplicated on its key) and the rest of the page goes on;</item>
/// <item>a short or empty page ends the window;</item>
/// <item>a 400 "limit of 'N' for Top query" lowers the page size to N for good and re-reads the page;</item>
/// <item>a full page that repeats the one before it (the server ignores <c>$skip</c>) or an endless read stops with an
/// error (<see cref="PagingGuard"/>).</item>
/// </list>
/// Memory: one page (and, when that was full, a copy of the body of the page before, which the guard compares) plus the set of keys seen in the window.
/// </summary>
internal sealed partial class CallLogPager(XapiApi api, PageSize pageSize, int overlap, ILogger logger, string pbx)
{
    public async IAsyncEnumerable<CallLogEntry> ReadAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PeriodTo < query.PeriodFrom)
            throw new ArgumentException($"PeriodTo ({query.PeriodTo:O}) is before PeriodFrom ({query.PeriodFrom:O}).", nameof(query));

        var seen = new HashSet<DistinctRow>();
        var seenUnreadable = new HashSet<string>(StringComparer.Ordinal);
        var guard = new PagingGuard(pbx, "the call log");
        var skip = 0;
        while (true)
        {
            var top = pageSize.Current;
            var url = XapiRoutes.CallLogPage(query, top, skip);
            CallLogPage page;
            byte[]? body;
            try
            {
                // The body is a pooled buffer: a full page's is copied for the guard (a short one ends the read).
                (page, body) = await api.GetAsync(url, (_, bytes) => CallLogPageReader.Read(bytes) is var read
                    ? (read, read.Entries.Count >= top ? bytes.ToArray() : null) : default, cancellationToken);
            }
            catch (XapiException ex) when (TopLimitMessage.TryParse(ex, out var limit) && limit < top)
            {
                if (pageSize.LowerTo(limit)) LogPageSizeLowered(logger, pbx, top, limit);
                continue;
            }

            var rows = page.Entries;
            guard.Check(url, skip, rows.Count >= top, body);
            foreach (var entry in rows)
                if (entry.Row is { } row ? seen.Add(CallLogRowKey.Distinct(row)) : seenUnreadable.Add(entry.Unreadable!.Key))
                    yield return entry;

            // A short page is the end, unless the server paged for us (an @odata.nextLink, never seen on 3CX).
            var stride = rows.Count < top && page.NextLink is not null ? rows.Count : top;
            if (rows.Count == 0 || (rows.Count < top && page.NextLink is null)) yield break;
            skip += Math.Max(1, stride - Math.Min(overlap, stride / 2));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx} caps call-log pages at {Limit} rows ($top {Requested} refused); using {Limit} from now on.")]
    static partial void LogPageSizeLowered(ILogger logger, string pbx, int requested, int limit);
}
