namespace Collector.State;

/// <summary>Watermarks and checkpoints through <see cref="StateHealth"/>: failures explained, missing watermarks noted.</summary>
sealed class GuardedProgressStore(SqlProgressStore inner, StateHealth health) : IWatermarkStore, IBackfillCheckpointStore
{
    public async Task<DateTimeOffset?> GetWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken)
    {
        var value = await health.GuardAsync(() => inner.GetWatermarkAsync(pbx, stream, cancellationToken), cancellationToken);
        if (value is { } known)
            health.NoteWatermark(pbx, stream, known);
        else
            health.NoteMissingWatermark(pbx, stream);
        return value;
    }

    public async Task<StoredProgress?> ReadWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken)
    {
        var stored = await health.GuardAsync(() => inner.ReadWatermarkAsync(pbx, stream, cancellationToken), cancellationToken);
        if (stored is { } known)
            health.NoteWatermark(pbx, stream, known.Value);
        else
            health.NoteMissingWatermark(pbx, stream);
        return stored;
    }

    public async Task<StoredProgress?> CompareAndSetWatermarkAsync(string pbx, string stream, StoredProgress? expected, DateTimeOffset value, CancellationToken cancellationToken)
    {
        var stored = await health.GuardAsync(() => inner.CompareAndSetWatermarkAsync(pbx, stream, expected, value, cancellationToken), cancellationToken);
        if (stored is not null)
            health.NoteWatermark(pbx, stream, value);
        return stored;
    }

    public async Task SetWatermarkAsync(string pbx, string stream, DateTimeOffset value, CancellationToken cancellationToken)
    {
        await health.GuardAsync(() => inner.SetWatermarkAsync(pbx, stream, value, cancellationToken), cancellationToken);
        health.NoteWatermark(pbx, stream, value);
    }

    public Task<DateTimeOffset?> GetCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.GetCheckpointAsync(pbx, rangeKey, cancellationToken), cancellationToken);

    public Task<StoredProgress?> ReadCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.ReadCheckpointAsync(pbx, rangeKey, cancellationToken), cancellationToken);

    public Task<StoredProgress?> CompareAndSetCheckpointAsync(string pbx, string rangeKey, StoredProgress? expected, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.CompareAndSetCheckpointAsync(pbx, rangeKey, expected, windowEnd, cancellationToken), cancellationToken);

    public Task SetCheckpointAsync(string pbx, string rangeKey, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.SetCheckpointAsync(pbx, rangeKey, windowEnd, cancellationToken), cancellationToken);

    public Task ClearCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.ClearCheckpointAsync(pbx, rangeKey, cancellationToken), cancellationToken);
}

/// <summary>The outbox through <see cref="StateHealth"/>: failures explained (and fatal ones reported).</summary>
sealed class GuardedOutbox(IOutbox inner, StateHealth health) : IOutbox
{
    public long DroppedRows => inner.DroppedRows;

    public Task<long> EnqueueAsync(string pbx, OutboxKind kind, string payload, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.EnqueueAsync(pbx, kind, payload, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> PeekAsync(int maxRows, long maxBytes, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.PeekAsync(maxRows, maxBytes, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.ClaimAsync(maxRows, maxBytes, cancellationToken), cancellationToken);

    public Task<int> DeleteClaimedAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.DeleteClaimedAsync(ids, cancellationToken), cancellationToken);

    public Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.ReleaseAsync(ids, cancellationToken), cancellationToken);

    public Task<long> CountPointRowsAsync(string pbx, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.CountPointRowsAsync(pbx, cancellationToken), cancellationToken);

    public OutboxSignal Enqueued => inner.Enqueued;

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.CountAsync(cancellationToken), cancellationToken);
}

/// <summary>The quarantine of unreadable call-log rows through <see cref="StateHealth"/>: failures explained (and fatal ones reported).</summary>
sealed class GuardedQuarantineStore(IQuarantineStore inner, StateHealth health) : IQuarantineStore
{
    public Task<bool> AddAsync(string pbx, QuarantinedRow row, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.AddAsync(pbx, row, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<QuarantinedRow>> ListAsync(string pbx, CancellationToken cancellationToken) =>
        health.GuardAsync(() => inner.ListAsync(pbx, cancellationToken), cancellationToken);
}
