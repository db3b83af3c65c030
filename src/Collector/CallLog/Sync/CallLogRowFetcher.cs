using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// Reads every call-log row of a <see cref="RowRange"/>, each leg once, within 3CX's report row cap: a read that
/// reaches <c>CallLog:ReportRowLimit</c> rows may have been cut short by the PBX, so it is dropped and its range read
/// again in two halves (recursively). The rows of a range are held in memory (one window at a time).
/// Unreadable rows count towards the cap (the PBX sent them) and are handed to a <see cref="SkippedRows"/>.
/// </summary>
internal sealed partial class CallLogRowFetcher(int reportRowLimit, ILogger logger)
{
    /// <summary>A range this short that still reaches the cap cannot be split usefully: the PBX's limit is too low.</summary>
    public static readonly TimeSpan SmallestSplit = TimeSpan.FromSeconds(1);

    public int ReportRowLimit { get; } = reportRowLimit >= 1 ? reportRowLimit
        : throw new ArgumentOutOfRangeException(nameof(reportRowLimit), reportRowLimit, "The report row limit must be at least 1.");

    /// <summary>Rows with StartTime in <paramref name="range"/> (both ends inclusive), deduplicated on the leg key.</summary>
    public Task<List<CallLogRow>> FetchAsync(string pbx, IXapiClient client, RowRange range, CancellationToken cancellationToken) =>
        FetchAsync(pbx, client, range, new SkippedRows(), cancellationToken);

    /// <summary>As above; rows that could not be read go to <paramref name="skipped"/>.</summary>
    public async Task<List<CallLogRow>> FetchAsync(string pbx, IXapiClient client, RowRange range, SkippedRows skipped, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(skipped);
        var rows = new List<CallLogRow>();
        HashSet<DistinctRow>? seen = null;   // across the pieces of a split range; one read is de-duplicated by its pager already
        var pending = new Stack<RowRange>();
        pending.Push(range);
        var piece = new List<CallLogEntry>();
        while (pending.TryPop(out var next))
        {
            piece.Clear();
            var capped = false;
            await foreach (var entry in client.GetCallLogAsync(new CallLogQuery(next.From, next.To), cancellationToken))
            {
                piece.Add(entry);
                if (piece.Count >= ReportRowLimit)
                {
                    capped = true;
                    break;
                }
            }

            if (capped)
            {
                if (next.Length < SmallestSplit)
                    throw new CallLogCapException(pbx, next, ReportRowLimit);
                seen ??= [];   // the first piece split is the whole range: no row was kept before
                var (first, second) = next.Halve();
                LogSplit(logger, pbx, next.ToString(), ReportRowLimit);
                pending.Push(second);
                pending.Push(first);
                continue;
            }

            foreach (var entry in piece)
            {
                if (entry.Unreadable is { } unreadable)
                    skipped.Add(unreadable);
                else if (seen is null || seen.Add(CallLogRowKey.Distinct(entry.Row!)))
                    rows.Add(entry.Row!);
            }
        }
        return rows;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "PBX {Pbx}: the call-log read {Range} reached {Limit} rows (CallLog:ReportRowLimit), the PBX's report cap; reading it again in halves")]
    static partial void LogSplit(ILogger logger, string pbx, string range, int limit);
}

/// <summary>Even a second of call log reaches the PBX's report row cap: the configured limit must be wrong.</summary>
internal sealed class CallLogCapException(string pbx, RowRange range, int limit) : Exception(
    $"PBX {pbx}: {limit} call-log rows start within one second ({range}); CallLog:ReportRowLimit ({limit}) must be lower than the PBX's real cap (3CX: REPORT_ROW_LIMIT).");
