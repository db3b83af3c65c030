using Collector.Configuration;
using Collector.State;
using Dapper;
using Microsoft.Data.Sqlite;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

/// <summary>What a killed collector leaves behind in an SQLite state file.</summary>
[Collection(StateCollection.Name)]
public class SqliteDurabilityTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task TheStateFileUsesWriteAheadLogging()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteFile);
        await using var store = Open(options);
        await store.InitializeAsync(None);

        await using var connection = await store.Database.OpenAsync(None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task ACrashImageTakenMidTransactionHoldsEveryCommittedRowAndNoneOfTheUncommitted()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteFile);
        var file = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        await using var store = Open(options);
        var committed = await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a"), (OutboxKind.CallLog, "b"), (OutboxKind.Live, "c"));
        await store.Watermarks.SetWatermarkAsync("hq", "calllog", Now, None);

        // A write in flight when the process dies: rows added, one acknowledged row deleted, the watermark moved.
        await using var connection = await store.Database.OpenAsync(None);
        await using var transaction = await connection.BeginTransactionAsync(None);
        await connection.ExecuteAsync("INSERT INTO outbox (pbx, kind, payload, payload_bytes, created_ticks) VALUES ('hq', 'calllog', 'd', 1, 0)", transaction: transaction);
        await connection.ExecuteAsync("DELETE FROM outbox WHERE id = @id", new { id = committed[0] }, transaction);
        await connection.ExecuteAsync("UPDATE watermark SET value_ticks = 0", transaction: transaction);

        // What is on disk at this instant, as a kill would leave it (the -shm index is rebuilt on open).
        var image = Path.Combine(backends.NewFolder(), "crashed.db");
        File.Copy(file, image);
        if (File.Exists(file + "-wal"))
            File.Copy(file + "-wal", image + "-wal");

        await using var recovered = Open(new StateOptions { ConnectionString = $"Data Source={image}" });
        Assert.Equal(["a", "b", "c"], await PayloadsAsync(recovered.Outbox));
        Assert.Equal(committed, (await recovered.Outbox.PeekAsync(10, long.MaxValue, None)).Select(e => e.Id));
        Assert.Equal(Now, await recovered.Watermarks.GetWatermarkAsync("hq", "calllog", None));
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommitLeavesTheStoreAsItWas()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteFile);
        await using (var store = Open(options))
        {
            await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a"));
            await using var connection = await store.Database.OpenAsync(None);
            await using var transaction = await connection.BeginTransactionAsync(None);
            await connection.ExecuteAsync("DELETE FROM outbox", transaction: transaction);
        }

        await using var reopened = Open(options);
        Assert.Equal(["a"], await PayloadsAsync(reopened.Outbox));
    }

    [Fact]
    public async Task AnInMemoryStoreIsOneDatabaseSharedByAllItsConnectionsAndGoneWhenDisposed()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteMemory);
        await using (var store = Open(options))
        {
            await Task.WhenAll(Enumerable.Range(0, 5).Select(i => store.Outbox.EnqueueAsync("hq", OutboxKind.Live, $"m v={i}i", None)));
            Assert.Equal(5, await store.Outbox.CountAsync(None));
        }

        await using var fresh = Open(options);
        Assert.Equal(0, await fresh.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task TheFolderOfTheStateFileIsCreated()
    {
        var file = Path.Combine(backends.NewFolder(), "deep", "er", "state.db");
        await using var store = Open(new StateOptions { ConnectionString = $"Data Source={file}" });

        await store.InitializeAsync(None);

        Assert.True(File.Exists(file));
    }
}
