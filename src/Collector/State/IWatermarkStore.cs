namespace Collector.State;

/// <summary>
/// A watermark or checkpoint as stored, with its version: every write bumps the version, and a compare-and-set names the
/// version it read, so it succeeds only if nobody else wrote in between.
/// </summary>
internal readonly record struct StoredProgress(DateTimeOffset Value, long Version);

/// <summary>
/// Per PBX and stream (e.g. <c>calllog</c>), the instant up to which data is known to be in InfluxDB.
/// Move it only after InfluxDB acknowledged the points of the window it covers, and only with
/// <see cref="CompareAndSetWatermarkAsync"/>: in a cluster the PBX's jobs move to another instance when their owner
/// fails, and a stale owner still finishing its run must not move the new owner's watermark back.
/// </summary>
internal interface IWatermarkStore
{
    /// <summary>The stored instant (UTC), or null when the stream has none yet.</summary>
    Task<DateTimeOffset?> GetWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken);

    /// <summary>The stored instant and its version, or null when the stream has none yet.</summary>
    Task<StoredProgress?> ReadWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="value"/> only if the watermark is still <paramref name="expected"/> (what
    /// <see cref="ReadWatermarkAsync"/> or the previous successful call returned; null: only if there is none yet), and
    /// returns what is stored now. Returns null, changing nothing, when another writer got there first.
    /// </summary>
    Task<StoredProgress?> CompareAndSetWatermarkAsync(string pbx, string stream, StoredProgress? expected, DateTimeOffset value, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the instant whatever is there (it may also move back: a deliberate re-sync by a tool or a test). It bumps the
    /// version, so a run in flight loses its next compare-and-set rather than undo this.
    /// </summary>
    Task SetWatermarkAsync(string pbx, string stream, DateTimeOffset value, CancellationToken cancellationToken);
}

/// <summary>Per PBX and backfill range, the end of the last window that was written completely.</summary>
internal interface IBackfillCheckpointStore
{
    Task<DateTimeOffset?> GetCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken);

    /// <summary>The stored window end and its version, or null when the range has none.</summary>
    Task<StoredProgress?> ReadCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="windowEnd"/> only if the checkpoint is still <paramref name="expected"/> (null: only if there is
    /// none), and returns what is stored now; null, changing nothing, when another backfill of the range wrote (or cleared) it.
    /// </summary>
    Task<StoredProgress?> CompareAndSetCheckpointAsync(string pbx, string rangeKey, StoredProgress? expected, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    /// <summary>Stores the window end whatever is there (a deliberate move; bumps the version).</summary>
    Task SetCheckpointAsync(string pbx, string rangeKey, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    /// <summary>Forgets the range (after it finished, or to start over); a backfill of it in flight loses its next compare-and-set.</summary>
    Task ClearCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken);
}
