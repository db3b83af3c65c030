namespace Collector.State;

/// <summary>
/// Call-log rows the collector could not read, kept aside for inspection (table <c>quarantined_row</c>): per PBX and
/// row key (the CdrId, else a hash of the row's JSON) one entry, stored the first time it is seen and never again.
/// </summary>
internal interface IQuarantineStore
{
    /// <summary>Stores the row unless an entry with its key is there; true when it was new.</summary>
    Task<bool> AddAsync(string pbx, QuarantinedRow row, CancellationToken cancellationToken);

    /// <summary>The PBX's entries, oldest first (for tests and inspection).</summary>
    Task<IReadOnlyList<QuarantinedRow>> ListAsync(string pbx, CancellationToken cancellationToken);
}

/// <summary>One quarantined row: its key, its CdrId when it had one, why it was unreadable, its JSON text (capped) and when it was first seen.</summary>
internal sealed record QuarantinedRow(string RowKey, string? CdrId, string Reason, string RawText, DateTimeOffset FirstSeen);
