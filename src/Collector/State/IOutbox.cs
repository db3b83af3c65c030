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
/// A bounded, durable buffer of line protocol waiting for InfluxDB, shared by every collector instance on the state
/// database. A sender claims the oldest unclaimed rows (<see cref="ClaimAsync"/>: they are marked with its instance and a
/// lease, and no other instance takes them while the lease lasts), writes them to InfluxDB, and only after InfluxDB
/// acknowledged them deletes exactly the rows it claimed (<see cref="DeleteClaimedAsync"/>); after a failed write it gives
/// them back (<see cref="ReleaseAsync"/>). An instance that dies holding a claim leaves the rows in place; once the lease
/// has passed another instance takes them and sends them again, which overwrites the same points in InfluxDB (same series
/// and timestamp): nothing is lost or doubled.
/// </summary>
internal interface IOutbox
{
    /// <summary>
    /// Appends a row and returns its id (ids only grow). When the outbox then holds more than its cap, the
    /// oldest <c>live</c>/<c>collector</c> rows no instance is sending are deleted and counted in <see cref="DroppedRows"/>.
    /// </summary>
    Task<long> EnqueueAsync(string pbx, OutboxKind kind, string payload, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest rows in id order, claimed or not, without claiming them (to look, not to send): at most
    /// <paramref name="maxRows"/>, and no more than <paramref name="maxBytes"/> of payload (UTF-8) except that the first
    /// row is always returned.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> PeekAsync(int maxRows, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Claims for this instance the oldest rows nobody holds (never claimed, given back, or whose claim's lease has passed),
    /// in id order within the same budget as <see cref="PeekAsync"/>, and returns them in id order. Two instances claiming
    /// at the same moment get different rows.
    /// </summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Deletes the rows of <paramref name="ids"/> that this instance still holds; returns how many.</summary>
    Task<int> DeleteClaimedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Gives back this instance's claim on the rows of <paramref name="ids"/>, so the next flush takes them at once.</summary>
    Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Rows in the outbox, all PBXs, claimed or not.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Rows of <paramref name="pbx"/> in the outbox that hold its points (<c>live</c> and <c>calllog</c> rows, claimed or
    /// not), not its <c>collector</c> run points: the backlog a live snapshot queues behind.
    /// </summary>
    Task<long> CountPointRowsAsync(string pbx, CancellationToken cancellationToken);

    /// <summary>Set after each row this instance enqueued (<see cref="EnqueueAsync"/>), so a sender can sleep while nothing is buffered.</summary>
    OutboxSignal Enqueued { get; }

    /// <summary>Rows dropped to keep within the cap since this instance started.</summary>
    long DroppedRows { get; }
}
