using Collector.State;

namespace Collector.Tests.Support;

/// <summary>An outbox that passes every call to <paramref name="inner"/>; a test overrides the one it watches or breaks.</summary>
internal abstract class DelegatingOutbox(IOutbox inner) : IOutbox
{
    public long DroppedRows => inner.DroppedRows;

    public OutboxSignal Enqueued => inner.Enqueued;

    public virtual Task<long> EnqueueAsync(string pbx, OutboxKind kind, string payload, CancellationToken cancellationToken) =>
        inner.EnqueueAsync(pbx, kind, payload, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxEntry>> PeekAsync(int maxRows, long maxBytes, CancellationToken cancellationToken) =>
        inner.PeekAsync(maxRows, maxBytes, cancellationToken);

    public virtual Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken) =>
        inner.ClaimAsync(maxRows, maxBytes, cancellationToken);

    public virtual Task<int> DeleteClaimedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => inner.DeleteClaimedAsync(ids, cancellationToken);

    public virtual Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => inner.ReleaseAsync(ids, cancellationToken);

    public virtual Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

    public virtual Task<long> CountPointRowsAsync(string pbx, CancellationToken cancellationToken) => inner.CountPointRowsAsync(pbx, cancellationToken);
}
