using System.Data.Common;
using Collector.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>
/// Opens connections to the state database and creates the schema on first use (once per instance).
/// An in-memory SQLite database (<c>:memory:</c> or <c>Mode=Memory</c>) is made shared-cache and kept alive
/// by one open connection for the lifetime of this object. For an SQLite file, its folder is created on first open;
/// after that the file must stay where it is: connections no longer create it, and each open first checks that it is
/// still there (<see cref="EnsureFilePresent"/>). Pooled connections would otherwise go on writing into a deleted file,
/// and a new one would silently start an empty database in its place.
/// </summary>
internal sealed class StateDatabase : IAsyncDisposable
{
    readonly StateOptions _options;
    readonly string _connectionString;
    readonly string _connectionStringOnceCreated;
    readonly string? _sqliteFolder;
    readonly SemaphoreSlim _schemaLock = new(1, 1);
    DbConnection? _keepAlive;
    volatile bool _ready;

    public StateDatabase(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        _options = options;
        Dialect = SqlDialect.For(options.Provider);
        _connectionString = Dialect.Provider == StateProvider.Sqlite ? PrepareSqlite(options.ConnectionString, out IsInMemory, out _sqliteFolder) : options.ConnectionString;
        SqliteFile = StateFault.SqliteFile(options);
        _connectionStringOnceCreated = SqliteFile is not null && new SqliteConnectionStringBuilder(_connectionString) is { Mode: SqliteOpenMode.ReadWriteCreate } builder
            ? new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString()
            : _connectionString;
    }

    public StateProvider Provider => Dialect.Provider;

    internal SqlDialect Dialect { get; }

    internal readonly bool IsInMemory;

    /// <summary>The SQLite file's full path; null for PostgreSQL and in-memory databases.</summary>
    public string? SqliteFile { get; }

    /// <summary>
    /// True when the database held no trace of an earlier start when this instance first opened it: a new file, an empty
    /// PostgreSQL schema, or a database in memory. Known once the schema is ready.
    /// </summary>
    public bool CreatedNew { get; private set; }

    /// <summary>The last recorded start of a collector on this database before this instance opened it, if any.</summary>
    public DateTimeOffset? PreviousStart { get; private set; }

    /// <summary>
    /// Throws a <see cref="StateUnavailableException"/> of kind <see cref="StateFaultKind.Lost"/> when the SQLite file that
    /// was opened is no longer at its path (deleted or moved). Nothing to check before the first open, in memory or on
    /// PostgreSQL.
    /// </summary>
    public void EnsureFilePresent()
    {
        if (_ready && SqliteFile is { } file && !File.Exists(file))
        {
            var gone = new FileNotFoundException($"The state database {file} is no longer there.", file);
            throw new StateUnavailableException(StateFault.Describe(StateFaultKind.Lost, gone, _options), gone, StateFaultKind.Lost);
        }
    }

    /// <summary>An open connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready && _sqliteFolder is not null)
            Directory.CreateDirectory(_sqliteFolder);
        EnsureFilePresent();
        var connection = Dialect.CreateConnection(_ready ? _connectionStringOnceCreated : _connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!_ready)
                await EnsureSchemaAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
                return;
            if (IsInMemory && _keepAlive is null)
            {
                _keepAlive = Dialect.CreateConnection(_connectionString);
                await _keepAlive.OpenAsync(cancellationToken);
            }

            await using var connection = Dialect.CreateConnection(_connectionString);
            await connection.OpenAsync(cancellationToken);
            await Dialect.PrepareAsync(connection, cancellationToken);
            await Dialect.WithSchemaLockAsync(connection, async () =>
            {
                foreach (var statement in StateSchema.Statements(Dialect))
                    await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
                foreach (var (table, column, definition) in StateSchema.AddedColumns)
                    await Dialect.AddColumnIfMissingAsync(connection, table, column, definition, cancellationToken);
                foreach (var statement in StateSchema.IndexesAfterMigration)
                    await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
            }, cancellationToken);
            // One process per SQLite file: outbox claims still there were left by a process that stopped mid-flush, and are
            // free at once (on PostgreSQL another instance may be sending them: they wait for their lease).
            if (Provider == StateProvider.Sqlite)
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET claimed_by = NULL, claimed_until_ticks = NULL WHERE claimed_by IS NOT NULL", cancellationToken: cancellationToken));
            // Every start of the worker and of each verb records itself in collector_start (StatePreflight), so an empty
            // table means nothing ever ran on this database.
            var previous = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT MAX(started_ticks) FROM collector_start", cancellationToken: cancellationToken));
            PreviousStart = previous is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
            CreatedNew = previous is null;
            _ready = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    static string PrepareSqlite(string connectionString, out bool inMemory, out string? folder)
    {
        folder = null;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:")
        {
            // A private :memory: database would be a new, empty one for every connection: share one instead.
            builder.DataSource = $"collector-state-{Guid.NewGuid():N}";
            builder.Mode = SqliteOpenMode.Memory;
        }

        inMemory = builder.Mode == SqliteOpenMode.Memory;
        if (inMemory)
        {
            builder.Cache = SqliteCacheMode.Shared;
        }
        else if (!builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // Created on first open, so a folder that cannot be made fails there (StatePreflight explains it).
            var parent = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            folder = string.IsNullOrEmpty(parent) ? null : parent;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Closes the idle pooled connections to the SQLite file, so the next operation opens a fresh one. SQLite opens a file on
    /// a read-only mount read-only without a word; pooled, such a connection would go on failing with error 8 ("attempt to
    /// write a readonly database") after the mount is writable again. Nothing to do for PostgreSQL or in memory.
    /// </summary>
    public void ReleasePooledConnections()
    {
        if (SqliteFile is null)
            return;
        foreach (var connectionString in new[] { _connectionString, _connectionStringOnceCreated }.Distinct(StringComparer.Ordinal))
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
            await _keepAlive.DisposeAsync();
        ReleasePooledConnections();
        _schemaLock.Dispose();
    }
}
