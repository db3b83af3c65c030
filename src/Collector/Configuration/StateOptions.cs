namespace Collector.Configuration;

/// <summary>The database that keeps the collector's own state (watermarks, the durable buffer, Quartz).</summary>
public enum StateProvider
{
    /// <summary>A local SQLite file (the default; one collector instance).</summary>
    Sqlite,
    /// <summary>PostgreSQL (several collector instances sharing state).</summary>
    Postgres,
}

/// <summary>Configuration keys <c>State:…</c>.</summary>
public sealed class StateOptions
{
    /// <summary>
    /// <c>collector-state.db</c> in the platform's state folder (<see cref="State.StateLocation"/>; e.g.
    /// <c>~/.local/state/threecx-collector/</c> on Linux), never the working directory.
    /// </summary>
    public static string DefaultSqliteConnectionString => State.StateLocation.DefaultSqliteConnectionString();

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StateProvider Provider { get; set; } = StateProvider.Sqlite;

    /// <summary>
    /// ADO.NET connection string. Default for SQLite: <see cref="DefaultSqliteConnectionString"/>; required for PostgreSQL
    /// (e.g. <c>Host=db;Username=collector;Password=…;Database=collector</c>).
    /// </summary>
    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;

    /// <summary>
    /// Most rows the durable buffer (outbox) keeps; past it the oldest live and job-record rows are dropped and
    /// counted, call-log rows never. Default 100 000.
    /// </summary>
    public int OutboxMaxRows { get; set; } = 100_000;
}
