namespace Collector.State;

/// <summary>
/// The state tables, created on first use. Plain SQL that runs on SQLite and PostgreSQL alike; the one
/// difference (the outbox's identity column) comes from <see cref="SqlDialect"/>. Instants are stored as
/// BIGINT UTC ticks (100 ns units since 0001-01-01), exact at 3CX's resolution and the same on both engines.
/// Columns added after a table was first released are listed in <see cref="AddedColumns"/> and added in place to a
/// database created before them (<see cref="StateDatabase"/>), with a default that keeps its rows valid.
/// </summary>
static class StateSchema
{
    /// <summary>
    /// Columns added since the first schema, as (table, column, definition), in the order they were added: the
    /// version every compare-and-set of a watermark or checkpoint names, and the outbox's per-instance claim.
    /// </summary>
    public static IReadOnlyList<(string Table, string Column, string Definition)> AddedColumns { get; } =
    [
        ("watermark", "version", "BIGINT NOT NULL DEFAULT 0"),
        ("backfill_checkpoint", "version", "BIGINT NOT NULL DEFAULT 0"),
        ("outbox", "claimed_by", "TEXT"),
        ("outbox", "claimed_until_ticks", "BIGINT"),
    ];

    /// <summary>Indexes over added columns, created once they are there.</summary>
    public static IEnumerable<string> IndexesAfterMigration =>
    [
        // The live path asks, per PBX, whether rows of that PBX still wait (LivePointSink).
        "CREATE INDEX IF NOT EXISTS outbox_pbx_id ON outbox (pbx, id)",
    ];

    public static IEnumerable<string> Statements(SqlDialect dialect) =>
    [
        """
        CREATE TABLE IF NOT EXISTS watermark (
            pbx TEXT NOT NULL,
            stream TEXT NOT NULL,
            value_ticks BIGINT NOT NULL,
            updated_ticks BIGINT NOT NULL,
            PRIMARY KEY (pbx, stream))
        """,
        """
        CREATE TABLE IF NOT EXISTS backfill_checkpoint (
            pbx TEXT NOT NULL,
            range_key TEXT NOT NULL,
            window_end_ticks BIGINT NOT NULL,
            updated_ticks BIGINT NOT NULL,
            PRIMARY KEY (pbx, range_key))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS outbox (
            id {dialect.IdentityColumn},
            pbx TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            payload_bytes BIGINT NOT NULL,
            created_ticks BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS outbox_kind_id ON outbox (kind, id)",
        // Call-log rows that could not be read, kept once per PBX and row key (CdrId, else a hash of the JSON) for inspection.
        """
        CREATE TABLE IF NOT EXISTS quarantined_row (
            pbx TEXT NOT NULL,
            row_key TEXT NOT NULL,
            cdr_id TEXT,
            reason TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            first_seen_ticks BIGINT NOT NULL,
            PRIMARY KEY (pbx, row_key))
        """,
        // When each host last started the collector; written at start to prove the database is writable (StatePreflight).
        """
        CREATE TABLE IF NOT EXISTS collector_start (
            host TEXT NOT NULL PRIMARY KEY,
            started_ticks BIGINT NOT NULL)
        """,
    ];
}
