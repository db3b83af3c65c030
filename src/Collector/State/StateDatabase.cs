using System.Data.Common;
using Collector.Configuration;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Collector.State;

/// <summary>
/// Opens connections to the state database and creates the schema on first use (once per instance).
/// An in-memory SQLite database (<c>:memory:</c> or <c>Mode=Memory</c>) is made shared-cache and kept alive
/// by one open connection for the lifetime of this object. For an SQLite file, its folder is created on first open.
/// </summary>
internal sealed class StateDatabase : IAsyncDisposable
{
    readonly string _connectionString;
    readonly string? _sqliteFolder;
    readonly SemaphoreSlim _schemaLock = new(1, 1);
    DbConnection? _keepAlive;
    volatile bool _ready;

    public StateDatabase(StateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        Dialect = SqlDialect.For(options.Provider);
        _connectionString = Dialect.Provider == StateProvider.Sqlite ? PrepareSqlite(options.ConnectionString, out IsInMemory, out _sqliteFolder) : options.ConnectionString;
    }

    public StateProvider Provider => Dialect.Provider;

    internal SqlDialect Dialect { get; }

    internal readonly bool IsInMemory;

    /// <summary>An open connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_ready && _sqliteFolder is not null)
            Directory.CreateDirectory(_sqliteFolder);
        var connection = Dialect.CreateConnection(_connectionString);
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
            foreach (var statement in StateSchema.Statements(Dialect))
                await connection.ExecuteAsync(new CommandDefinition(statement, cancellationToken: cancellationToken));
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

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
            await _keepAlive.DisposeAsync();
        _schemaLock.Dispose();
    }
}
