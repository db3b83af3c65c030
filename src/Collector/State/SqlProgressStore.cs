using Dapper;

namespace Collector.State;

/// <summary>Watermarks and backfill checkpoints: one upserted row per key.</summary>
sealed class SqlProgressStore(StateDatabase database, TimeProvider time) : IWatermarkStore, IBackfillCheckpointStore
{
    public Task<DateTimeOffset?> GetWatermarkAsync(string pbx, string stream, CancellationToken cancellationToken) =>
        GetAsync("SELECT value_ticks FROM watermark WHERE pbx = @pbx AND stream = @key", pbx, stream, cancellationToken);

    public Task SetWatermarkAsync(string pbx, string stream, DateTimeOffset value, CancellationToken cancellationToken) =>
        SetAsync(
            """
            INSERT INTO watermark (pbx, stream, value_ticks, updated_ticks) VALUES (@pbx, @key, @value, @now)
            ON CONFLICT (pbx, stream) DO UPDATE SET value_ticks = excluded.value_ticks, updated_ticks = excluded.updated_ticks
            """,
            pbx, stream, value, cancellationToken);

    public Task<DateTimeOffset?> GetCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken) =>
        GetAsync("SELECT window_end_ticks FROM backfill_checkpoint WHERE pbx = @pbx AND range_key = @key", pbx, rangeKey, cancellationToken);

    public Task SetCheckpointAsync(string pbx, string rangeKey, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        SetAsync(
            """
            INSERT INTO backfill_checkpoint (pbx, range_key, window_end_ticks, updated_ticks) VALUES (@pbx, @key, @value, @now)
            ON CONFLICT (pbx, range_key) DO UPDATE SET window_end_ticks = excluded.window_end_ticks, updated_ticks = excluded.updated_ticks
            """,
            pbx, rangeKey, windowEnd, cancellationToken);

    public async Task ClearCheckpointAsync(string pbx, string rangeKey, CancellationToken cancellationToken)
    {
        Require(pbx, rangeKey);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM backfill_checkpoint WHERE pbx = @pbx AND range_key = @key", new { pbx, key = rangeKey }, cancellationToken: cancellationToken));
    }

    async Task<DateTimeOffset?> GetAsync(string sql, string pbx, string key, CancellationToken cancellationToken)
    {
        Require(pbx, key);
        await using var connection = await database.OpenAsync(cancellationToken);
        var ticks = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql, new { pbx, key }, cancellationToken: cancellationToken));
        return ticks is { } value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
    }

    async Task SetAsync(string sql, string pbx, string key, DateTimeOffset value, CancellationToken cancellationToken)
    {
        Require(pbx, key);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { pbx, key, value = value.UtcTicks, now = time.GetUtcNow().UtcTicks }, cancellationToken: cancellationToken));
    }

    static void Require(string pbx, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentException.ThrowIfNullOrEmpty(key);
    }
}
