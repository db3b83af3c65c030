namespace Collector.State;

/// <summary>What an outbox row holds; decides what may be dropped when the outbox is full.</summary>
internal enum OutboxKind
{
    /// <summary>Call-log points (<c>calllog</c>): never dropped.</summary>
    CallLog,

    /// <summary>Live snapshots (<c>live</c>): the oldest are dropped first when the outbox is full.</summary>
    Live,

    /// <summary>The collector's own run points (<c>collector</c>): dropped like live rows.</summary>
    Collector,
}

/// <summary>One outbox row: encoded line protocol (one point or a batch, one line per point).</summary>
internal sealed record OutboxEntry(long Id, string Pbx, OutboxKind Kind, string Payload, DateTimeOffset CreatedAt);

/// <summary>
/// A bounded, durable, ordered buffer of line protocol waiting for InfluxDB (after seq-forwarder's
/// <c>Enqueue / Peek / Dequeue(upTo)</c>): read with <see cref="PeekAsync"/>, write to InfluxDB, and only
/// after InfluxDB acknowledged, <see cref="DequeueAsync"/> up to the last id written. A crash between the
/// two sends the rows again, which overwrites the same points in InfluxDB: nothing is lost or doubled.
/// </summary>
internal interface IOutbox
{
    /// <summary>
    /// Appends a row and returns its id (ids only grow). When the outbox then holds more than its cap, the
    /// oldest <c>live</c>/<c>collector</c> rows are deleted and counted in <see cref="DroppedRows"/>.
    /// </summary>
    Task<long> EnqueueAsync(string pbx, OutboxKind kind, string payload, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest rows in id order: at most <paramref name="maxRows"/>, and no more than
    /// <paramref name="maxBytes"/> of payload (UTF-8) except that the first row is always returned.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> PeekAsync(int maxRows, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Deletes every row with an id up to and including <paramref name="upToId"/>; returns how many.</summary>
    Task<int> DequeueAsync(long upToId, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Rows dropped to keep within the cap since this instance started.</summary>
    long DroppedRows { get; }
}
