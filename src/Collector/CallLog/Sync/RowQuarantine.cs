using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>The unreadable call-log rows one sync run or backfill met, each (by key) once, in the order met.</summary>
internal sealed class SkippedRows
{
    readonly Dictionary<string, UnreadableRow> _byKey = new(StringComparer.Ordinal);
    readonly List<UnreadableRow> _pending = [];

    /// <summary>Distinct unreadable rows met so far.</summary>
    public int Count => _byKey.Count;

    public void Add(UnreadableRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_byKey.TryAdd(row.Key, row)) _pending.Add(row);
    }

    /// <summary>The rows added since the last call (to quarantine them once).</summary>
    public IReadOnlyList<UnreadableRow> TakeNew()
    {
        var taken = _pending.ToList();
        _pending.Clear();
        return taken;
    }
}

/// <summary>
/// Keeps unreadable call-log rows aside in the state database (<see cref="IQuarantineStore"/>) and logs each one once,
/// with its CdrId and the reason (both bounded), the first time it is stored: a row re-read every minute by the sync is
/// stored and logged once, across restarts too. The row itself is skipped; the rest of its page and the sync go on.
/// </summary>
internal sealed partial class RowQuarantine(IQuarantineStore store, TimeProvider time, ILogger<RowQuarantine> logger)
{
    /// <summary>Stores the rows not stored before; returns how many were new.</summary>
    public async Task<int> KeepAsync(string pbx, IReadOnlyList<UnreadableRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var added = 0;
        foreach (var row in rows)
        {
            if (!await store.AddAsync(pbx, new QuarantinedRow(row.Key, row.CdrId, row.Reason, row.RawText, time.GetUtcNow()), cancellationToken))
                continue;
            added++;
            LogQuarantined(logger, pbx, row.CdrId ?? "(none)", row.Reason, row.Key);
        }
        return added;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PBX {Pbx}: call-log row with CdrId {CdrId} cannot be read and is skipped: {Reason}. It is kept in the state database's quarantined_row table (key {RowKey}); the rest of the call log is synced (logged once per row)")]
    static partial void LogQuarantined(ILogger logger, string pbx, string cdrId, string reason, string rowKey);
}
