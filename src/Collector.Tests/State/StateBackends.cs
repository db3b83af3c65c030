using Collector.Configuration;
using Microsoft.Data.Sqlite;

namespace Collector.Tests.State;

[CollectionDefinition(Name)]
public sealed class StateCollection : ICollectionFixture<StateBackends>
{
    public const string Name = "state";
}

/// <summary>
/// The databases every state test runs on: shared-cache in-memory SQLite, an SQLite file in a temp
/// folder, and PostgreSQL when its binaries are installed (one cluster for the whole collection, a fresh
/// database per test).
/// </summary>
public sealed class StateBackends : IAsyncLifetime
{
    public const string SqliteMemory = "sqlite-memory";
    public const string SqliteFile = "sqlite-file";
    public const string Postgres = "postgres";

    readonly List<string> _folders = [];
    readonly SemaphoreSlim _startLock = new(1, 1);
    PostgresCluster? _postgres;

    /// <summary>Every backend available here.</summary>
    public static TheoryData<string> All => Backends(SqliteMemory, SqliteFile, Postgres);

    /// <summary>The backends whose data outlives the store (all but in-memory SQLite).</summary>
    public static TheoryData<string> Persistent => Backends(SqliteFile, Postgres);

    static TheoryData<string> Backends(params string[] names)
    {
        var data = new TheoryData<string>();
        foreach (var name in names.Where(n => n != Postgres || PostgresCluster.IsAvailable))
            data.Add(name);
        return data;
    }

    /// <summary>Options for a new, empty database on <paramref name="backend"/>.</summary>
    internal async Task<StateOptions> NewDatabaseAsync(string backend) => new()
    {
        Provider = backend == Postgres ? StateProvider.Postgres : StateProvider.Sqlite,
        ConnectionString = backend switch
        {
            SqliteMemory => "Data Source=:memory:",
            SqliteFile => $"Data Source={Path.Combine(NewFolder(), "state", "collector.db")}",
            Postgres => await (await PostgresAsync()).CreateDatabaseAsync(),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, null),
        },
    };

    /// <summary>A temp folder deleted when the collection ends.</summary>
    public string NewFolder()
    {
        var folder = Directory.CreateTempSubdirectory("collector-state-").FullName;
        lock (_folders)
            _folders.Add(folder);
        return folder;
    }

    async Task<PostgresCluster> PostgresAsync()
    {
        await _startLock.WaitAsync();
        try
        {
            return _postgres ??= await PostgresCluster.StartAsync();
        }
        finally
        {
            _startLock.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var folder in _folders)
            Directory.Delete(folder, recursive: true);
    }
}
