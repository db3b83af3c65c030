using Dapper;

namespace Collector.State;

/// <summary>
/// Watermarks and backfill checkpoints: one row per key with a version that every write bumps. The sync and the backfill
/// move them with a compare-and-set on that version (<c>UPDATE … WHERE version = @expected</c>; the first value with
/// <c>INSERT … ON CONFLICT</c>), which is one atomic statement on SQLite and PostgreSQL alike. A cleared checkpoint keeps
/// its row as a tombstone (value <see cref="Cleared"/>, version bumped) rather than being deleted, so a key cleared and
/// started again never reuses a version: a stale backfill still holding one from before the clear cannot win.
/// </summary>
sealed class SqlProgressStore(StateDatabase database, TimeProvider time) : IWatermarkStore, IBackfillCheckpointStore
{
    static readonly Table Watermark = new("watermark", "stream", "value_ticks");
    static readonly Table Checkpoint = new("backfill_checkpoint", "range_key", "window_end_ticks");

    /// <summary>The value of a cleared key: read as "none", replaced by the next first write.</summary>
    const long Cleared = -1;

    public async Task<DateTimeOffset?> GetWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken) =>
        (await ReadAsync(Watermark, pbx, stream, cancellationToken))?.Value;

    public Task<StoredProgress?> ReadWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken) =>
        ReadAsync(Watermark, pbx, stream, cancellationToken);

    public Task<StoredProgress?> CompareAndSetWatermarkAsync(string pbx, string stream, StoredProgress? expected, DateTimeOffset value, CancellationToken cancellationToken) =>
        CompareAndSetAsync(Watermark, pbx, stream, expected, value, cancellationToken);

    public Task SetWatermarkAsync(string pbx, string stream, DateTimeOffset value, CancellationToken cancellationToken) =>
        SetAsync(Watermark, pbx, stream, value, cancellationToken);

    public async Task<DateTimeOffset?> GetCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        (await ReadAsync(Checkpoint, pbx, rangeKey, cancellationToken))?.Value;

    public Task<StoredProgress?> ReadCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        ReadAsync(Checkpoint, pbx, rangeKey, cancellationToken);

    public Task<StoredProgress?> CompareAndSetCheckpointAsync(string pbx, string rangeKey, StoredProgress? expected, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        CompareAndSetAsync(Checkpoint, pbx, rangeKey, expected, windowEnd, cancellationToken);

    public Task SetCheckpointAsync(string pbx, string rangeKey, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        SetAsync(Checkpoint, pbx, rangeKey, windowEnd, cancellationToken);

    public async Task ClearCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken)
    {
        Require(pbx, rangeKey);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE {Checkpoint.Name} SET {Checkpoint.Value} = @cleared, updated_ticks = @now, version = version + 1 WHERE pbx = @pbx AND {Checkpoint.Key} = @key",
            new { pbx, key = rangeKey, cleared = Cleared, now = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
    }

    async Task<StoredProgress?> ReadAsync(Table table, string pbx, string key, CancellationToken cancellationToken)
    {
        Require(pbx, key);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {table.Value} AS Ticks, version AS Version FROM {table.Name} WHERE pbx = @pbx AND {table.Key} = @key",
            new { pbx, key }, cancellationToken: cancellationToken));
        return row is null || row.Ticks == Cleared ? null : new StoredProgress(new DateTimeOffset(row.Ticks, TimeSpan.Zero), row.Version);
    }

    async Task<StoredProgress?> CompareAndSetAsync(Table table, string pbx, string key, StoredProgress? expected, DateTimeOffset value, CancellationToken cancellationToken)
    {
        Require(pbx, key);
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = expected is null
            ? $"""
              INSERT INTO {table.Name} (pbx, {table.Key}, {table.Value}, updated_ticks, version) VALUES (@pbx, @key, @value, @now, 1)
              ON CONFLICT (pbx, {table.Key}) DO UPDATE SET {table.Value} = excluded.{table.Value}, updated_ticks = excluded.updated_ticks,
                  version = {table.Name}.version + 1
              WHERE {table.Name}.{table.Value} = @cleared
              RETURNING version
              """
            : $"""
              UPDATE {table.Name} SET {table.Value} = @value, updated_ticks = @now, version = version + 1
              WHERE pbx = @pbx AND {table.Key} = @key AND version = @version
              RETURNING version
              """;
        var version = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            sql, new { pbx, key, value = value.UtcTicks, now = time.GetUtcNow().UtcTicks, version = expected?.Version ?? 0, cleared = Cleared },
            cancellationToken: cancellationToken));
        return version is { } stored ? new StoredProgress(value, stored) : null;
    }

    async Task SetAsync(Table table, string pbx, string key, DateTimeOffset value, CancellationToken cancellationToken)
    {
        Require(pbx, key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
             INSERT INTO {table.Name} (pbx, {table.Key}, {table.Value}, updated_ticks, version) VALUES (@pbx, @key, @value, @now, 1)
             ON CONFLICT (pbx, {table.Key}) DO UPDATE SET {table.Value} = excluded.{table.Value}, updated_ticks = excluded.updated_ticks,
                 version = {table.Name}.version + 1
             """,
            new { pbx, key, value = value.UtcTicks, now = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
    }

    static void Require(string pbx, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentException.ThrowIfNullOrEmpty(key);
    }

    /// <summary>A progress table: its name, the column that completes the key after <c>pbx</c>, and the value's column.</summary>
    sealed record Table(string Name, string Key, string Value);

    sealed record Row(long Ticks, long Version);
}
