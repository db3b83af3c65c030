using System.Text.Json.Serialization.Metadata;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.OData;
using Microsoft.Extensions.Logging;

namespace Collector.ThreeCx.Paging;

/// <summary>
/// Reads every row of a report function with <c>$top</c>/<c>$skip</c>: pages of the PBX's page size until a short or empty
/// page (reports of a finished period do not change while they are read, so pages need no overlap); a 400 "limit of 'N'
/// for Top query" lowers the PBX's page size to N for good and re-reads the page, as the call-log pager does. A full page that
/// repeats the one before it (the server ignores <c>$skip</c>) or an endless read stops with an error (<see cref="PagingGuard"/>).
/// </summary>
internal sealed partial class ReportPager(XapiApi api, PageSize pageSize, ILogger logger, string pbx)
{
    public async Task<IReadOnlyList<T>> ReadAllAsync<T>(Func<ReportPage, string> url, JsonTypeInfo<ODataCollection<T>> type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rows = new List<T>();
        var guard = new PagingGuard(pbx, "a report");
        while (true)
        {
            var top = pageSize.Current;
            var skip = rows.Count;
            var relativeUrl = url(new ReportPage(top, skip));
            ODataCollection<T> page;
            byte[]? body;
            try
            {
                // The body is a pooled buffer: a full page's is copied for the guard (a short one ends the read).
                (page, body) = await api.GetAsync(relativeUrl, (_, bytes) => XapiApi.DeserializeCollection(bytes, type) is var read
                    ? (read, read.Value!.Count >= top ? bytes.ToArray() : null) : default, cancellationToken);
            }
            catch (XapiException ex) when (TopLimitMessage.TryParse(ex, out var limit) && limit < top)
            {
                if (pageSize.LowerTo(limit)) LogPageSizeLowered(logger, pbx, top, limit);
                continue;
            }

            guard.Check(relativeUrl, skip, page.Value!.Count >= top, body);
            rows.AddRange(page.Value!);
            if (page.Value!.Count < top) return rows;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx} caps report pages at {Limit} rows ($top {Requested} refused); using {Limit} from now on.")]
    static partial void LogPageSizeLowered(ILogger logger, string pbx, int requested, int limit);
}
