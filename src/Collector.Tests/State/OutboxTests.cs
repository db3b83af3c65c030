using Collector.State;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

[Collection(StateCollection.Name)]
public class OutboxTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> All => StateBackends.All;

    [Theory]
    [MemberData(nameof(All))]
    public async Task RowsComeBackOldestFirstWithWhatWasEnqueued(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var ids = await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a f=1i 1\n"), (OutboxKind.Live, "b f=2i 2\n"), (OutboxKind.Collector, "c f=3i 3\n"));

        var entries = await store.Outbox.PeekAsync(10, long.MaxValue, None);

        Assert.Equal(ids, entries.Select(e => e.Id));
        Assert.True(ids[0] < ids[1] && ids[1] < ids[2]);
        Assert.Equal([OutboxKind.CallLog, OutboxKind.Live, OutboxKind.Collector], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal("hq", e.Pbx));
        Assert.All(entries, e => Assert.Equal(Now, e.CreatedAt));
        Assert.Equal("b f=2i 2\n", entries[1].Payload);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task PeekingRemovesNothingAndDeletingRemovesOnlyTheClaimedRows(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var ids = await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a"), (OutboxKind.CallLog, "b"), (OutboxKind.CallLog, "c"));

        await store.Outbox.PeekAsync(3, long.MaxValue, None);
        var claimed = await store.Outbox.ClaimAsync(2, long.MaxValue, None);
        Assert.Equal(3, await store.Outbox.CountAsync(None));

        Assert.Equal(ids[..2], claimed.Select(e => e.Id));
        Assert.Equal(2, await store.Outbox.DeleteClaimedAsync([.. claimed.Select(e => e.Id), ids[2]], None));
        Assert.Equal(["c"], await PayloadsAsync(store.Outbox));
        Assert.Equal(ids[2], (await store.Outbox.ClaimAsync(1, 1, None)).Single().Id);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task ClaimedRowsAreNotClaimedAgainUntilTheyAreReleased(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var ids = await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a"), (OutboxKind.Live, "b"), (OutboxKind.Live, "c"));

        var first = await store.Outbox.ClaimAsync(2, long.MaxValue, None);
        var second = await store.Outbox.ClaimAsync(10, long.MaxValue, None);
        var third = await store.Outbox.ClaimAsync(10, long.MaxValue, None);
        await store.Outbox.ReleaseAsync([.. first.Select(e => e.Id)], None);
        var again = await store.Outbox.ClaimAsync(10, long.MaxValue, None);

        Assert.Equal(ids[..2], first.Select(e => e.Id));
        Assert.Equal([ids[2]], second.Select(e => e.Id));
        Assert.Empty(third);
        Assert.Equal(ids[..2], again.Select(e => e.Id));
    }

    [Fact]
    public async Task ClaimsLeftByAProcessThatStoppedMidFlushAreFreeWhenTheSqliteFileIsOpenedAgain()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteFile);
        await using (var stopped = Open(options))
        {
            await EnqueueAsync(stopped.Outbox, (OutboxKind.Live, "a"));
            Assert.Single(await stopped.Outbox.ClaimAsync(10, long.MaxValue, None));
        }

        await using var restarted = Open(options);

        Assert.Equal(["a"], (await restarted.Outbox.ClaimAsync(10, long.MaxValue, None)).Select(e => e.Payload));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task TheLivePathCountsThePointRowsOfItsOwnPbxNotItsRunPoints(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        await store.Outbox.EnqueueAsync("hq", OutboxKind.Live, "a", None);
        await store.Outbox.EnqueueAsync("hq", OutboxKind.CallLog, "b", None);
        await store.Outbox.EnqueueAsync("hq", OutboxKind.Collector, "c", None);
        await store.Outbox.EnqueueAsync("branch", OutboxKind.Live, "d", None);
        await store.Outbox.EnqueueAsync("run-points-only", OutboxKind.Collector, "e", None);

        Assert.Equal(2, await store.Outbox.CountPointRowsAsync("hq", None));
        Assert.Equal(1, await store.Outbox.CountPointRowsAsync("branch", None));
        Assert.Equal(0, await store.Outbox.CountPointRowsAsync("run-points-only", None));
        Assert.Equal(0, await store.Outbox.CountPointRowsAsync("other", None));
        Assert.Equal(5, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task EnqueueingARowSetsTheSignalUntilItIsReset()
    {
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        var before = store.Outbox.Enqueued.IsSet;

        await store.Outbox.EnqueueAsync("hq", OutboxKind.Collector, "a v=1i 1", None);
        var after = store.Outbox.Enqueued.IsSet;
        store.Outbox.Enqueued.Reset();

        Assert.False(before);
        Assert.True(after);
        Assert.False(store.Outbox.Enqueued.IsSet);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task PeekStopsAtTheByteBudgetButAlwaysReturnsTheFirstRow(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, new string('a', 100)), (OutboxKind.CallLog, "é"), (OutboxKind.CallLog, "b"));

        Assert.Single(await store.Outbox.PeekAsync(10, 10, None));
        Assert.Single(await store.Outbox.PeekAsync(10, 101, None));  // "é" is two bytes in UTF-8
        Assert.Equal(2, (await store.Outbox.PeekAsync(10, 102, None)).Count);
        Assert.Equal(3, (await store.Outbox.PeekAsync(10, 103, None)).Count);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task AClaimStopsAtTheByteBudgetAndLeavesTheRestFreeForTheNextClaim(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, new string('a', 100)), (OutboxKind.CallLog, "é"), (OutboxKind.CallLog, "b"));

        var first = await store.Outbox.ClaimAsync(10, 101, None);
        var rest = await store.Outbox.ClaimAsync(10, 3, None);

        Assert.Equal([new string('a', 100)], first.Select(e => e.Payload));
        Assert.Equal(["é", "b"], rest.Select(e => e.Payload));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task IdsKeepGrowingAfterTheOutboxWasEmptied(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var first = await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a"), (OutboxKind.CallLog, "b"));
        await store.Outbox.DeleteClaimedAsync([.. (await store.Outbox.ClaimAsync(10, long.MaxValue, None)).Select(e => e.Id)], None);

        var next = await store.Outbox.EnqueueAsync("hq", OutboxKind.Live, "c", None);

        Assert.True(next > first[^1], "ids are never reused");
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task OverTheCapTheOldestLiveAndCollectorRowsAreDroppedFirstAndCounted(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend), outboxMaxRows: 4);
        await EnqueueAsync(store.Outbox,
            (OutboxKind.Live, "live1"), (OutboxKind.CallLog, "call1"), (OutboxKind.Collector, "run1"),
            (OutboxKind.Live, "live2"), (OutboxKind.CallLog, "call2"), (OutboxKind.Live, "live3"));

        Assert.Equal(["call1", "live2", "call2", "live3"], await PayloadsAsync(store.Outbox));
        Assert.Equal(2, store.Outbox.DroppedRows);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task CallLogRowsAreNeverDroppedEvenOverTheCap(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend), outboxMaxRows: 2);
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "call1"), (OutboxKind.CallLog, "call2"), (OutboxKind.CallLog, "call3"));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "live1"));

        Assert.Equal(["call1", "call2", "call3"], await PayloadsAsync(store.Outbox));
        Assert.Equal(1, store.Outbox.DroppedRows);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task ConcurrentEnqueuesAreAllKeptWithDistinctIds(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => store.Outbox.EnqueueAsync("hq", OutboxKind.Live, $"m v={i}i", None)));

        Assert.Equal(40, ids.Distinct().Count());
        Assert.Equal(40, await store.Outbox.CountAsync(None));
    }
}
