using Collector.State;
using Dapper;
using Microsoft.Data.Sqlite;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

/// <summary>A state database made by a collector before the compare-and-set and the outbox claims is migrated in place.</summary>
[Collection(StateCollection.Name)]
public class StateMigrationTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> Persistent => StateBackends.Persistent;

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task ADatabaseFromBeforeTheVersionsAndClaimsKeepsItsRowsAndTakesCompareAndSetAndClaims(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        var dialect = SqlDialect.For(options.Provider);
        if (backend == StateBackends.SqliteFile)
            Directory.CreateDirectory(Path.GetDirectoryName(new SqliteConnectionStringBuilder(options.ConnectionString).DataSource)!);
        await using (var old = dialect.CreateConnection(options.ConnectionString))
        {
            await old.OpenAsync();
            // The tables as the collector created them before this change, with a row in each.
            await old.ExecuteAsync("CREATE TABLE watermark (pbx TEXT NOT NULL, stream TEXT NOT NULL, value_ticks BIGINT NOT NULL, updated_ticks BIGINT NOT NULL, PRIMARY KEY (pbx, stream))");
            await old.ExecuteAsync("CREATE TABLE backfill_checkpoint (pbx TEXT NOT NULL, range_key TEXT NOT NULL, window_end_ticks BIGINT NOT NULL, updated_ticks BIGINT NOT NULL, PRIMARY KEY (pbx, range_key))");
            await old.ExecuteAsync($"CREATE TABLE outbox (id {dialect.IdentityColumn}, pbx TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, payload_bytes BIGINT NOT NULL, created_ticks BIGINT NOT NULL)");
            await old.ExecuteAsync("INSERT INTO watermark VALUES ('hq', 'calllog', @ticks, @ticks)", new { ticks = Now.UtcTicks });
            await old.ExecuteAsync("INSERT INTO backfill_checkpoint VALUES ('hq', 'range', @ticks, @ticks)", new { ticks = Now.UtcTicks });
            await old.ExecuteAsync("INSERT INTO outbox (pbx, kind, payload, payload_bytes, created_ticks) VALUES ('hq', 'live', 'm v=1i 1', 8, @ticks)", new { ticks = Now.UtcTicks });
        }

        await using (var store = Open(options))
        {
            var watermark = await store.Watermarks.ReadWatermarkAsync("hq", "calllog", None);
            Assert.Equal(new StoredProgress(Now, 0), watermark);
            Assert.Equal(new StoredProgress(Now.AddMinutes(1), 1), await store.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", watermark, Now.AddMinutes(1), None));
            Assert.NotNull(await store.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", await store.Checkpoints.ReadCheckpointAsync("hq", "range", None), Now.AddHours(1), None));
            Assert.Equal(["m v=1i 1"], (await store.Outbox.ClaimAsync(10, long.MaxValue, None)).Select(e => e.Payload));
        }

        // Opened again (the columns are there now): nothing is added twice, the values stay.
        await using var again = Open(options);
        Assert.Equal(new StoredProgress(Now.AddMinutes(1), 1), await again.Watermarks.ReadWatermarkAsync("hq", "calllog", None));
        Assert.Equal(Now.AddHours(1), await again.Checkpoints.GetCheckpointAsync("hq", "range", None));
    }
}
