using Dapper;

namespace Collector.State;

/// <summary><see cref="IQuarantineStore"/> over the state database (<c>quarantined_row</c>; <c>ON CONFLICT DO NOTHING</c> keeps the first copy).</summary>
sealed class SqlQuarantineStore(StateDatabase database) : IQuarantineStore
{
    public async Task<bool> AddAsync(string pbx, QuarantinedRow row, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentException.ThrowIfNullOrEmpty(row.RowKey);
        await using var connection = await database.OpenAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO quarantined_row (pbx, row_key, cdr_id, reason, raw_text, first_seen_ticks)
            VALUES (@pbx, @key, @cdrId, @reason, @raw, @firstSeen)
            ON CONFLICT (pbx, row_key) DO NOTHING
            """,
            new { pbx, key = row.RowKey, cdrId = row.CdrId, reason = row.Reason, raw = row.RawText, firstSeen = row.FirstSeen.UtcTicks },
            cancellationToken: cancellationToken));
        return inserted > 0;
    }

    public async Task<IReadOnlyList<QuarantinedRow>> ListAsync(string pbx, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT row_key AS RowKey, cdr_id AS CdrId, reason AS Reason, raw_text AS RawText, first_seen_ticks AS FirstSeenTicks
            FROM quarantined_row WHERE pbx = @pbx ORDER BY first_seen_ticks, row_key
            """,
            new { pbx }, cancellationToken: cancellationToken));
        return rows.Select(r => new QuarantinedRow(r.RowKey, r.CdrId, r.Reason, r.RawText, new DateTimeOffset(r.FirstSeenTicks, TimeSpan.Zero))).ToList();
    }

    sealed record Row(string RowKey, string? CdrId, string Reason, string RawText, long FirstSeenTicks);
}
