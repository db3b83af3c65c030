namespace Collector.State;

/// <summary>
/// Per PBX and stream (e.g. <c>calllog</c>), the instant up to which data is known to be in InfluxDB.
/// Set it only after InfluxDB acknowledged the points of the window it covers.
/// </summary>
internal interface IWatermarkStore
{
    /// <summary>The stored instant (UTC), or null when the stream has none yet.</summary>
    Task<DateTimeOffset?> GetWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken);

    /// <summary>Stores the instant (as given: it may also move back, e.g. for a deliberate re-sync).</summary>
    Task SetWatermarkAsync(string pbx, string stream, DateTimeOffset value, CancellationToken cancellationToken);
}

/// <summary>Per PBX and backfill range, the end of the last window that was written completely.</summary>
internal interface IBackfillCheckpointStore
{
    Task<DateTimeOffset?> GetCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken);

    Task SetCheckpointAsync(string pbx, string rangeKey, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    /// <summary>Forgets the range (after it finished, or to start over).</summary>
    Task ClearCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken);
}
