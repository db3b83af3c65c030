using System.Collections.Concurrent;
using Collector.Configuration;
using Collector.State;
using Collector.Tests.Influx;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

/// <summary>
/// Two collector instances ("owners") on one state database at the same moment, as in a cluster when a PBX's jobs move
/// to another instance while the old owner is still finishing: the watermark cannot be moved back, and two flushers
/// draining one outbox lose no row and send none twice. The races run against a real PostgreSQL.
/// </summary>
[Collection(StateCollection.Name)]
public class SharedStateTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> Persistent => StateBackends.Persistent;

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task AStaleOwnerCannotMoveTheWatermarkBackAndChangesNothing(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        await using var stale = Open(options);
        await using var owner = Open(options);
        var read = await stale.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", null, Now.AddHours(-1), None);

        var taken = await owner.Watermarks.ReadWatermarkAsync("hq", "calllog", None);
        var moved = await owner.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", taken, Now, None);
        var late = await stale.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", read, Now.AddMinutes(-30), None);

        Assert.NotNull(moved);
        Assert.Null(late);
        Assert.Equal(new StoredProgress(Now, 2), await stale.Watermarks.ReadWatermarkAsync("hq", "calllog", None));
        Assert.Null(await owner.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", null, Now.AddDays(-1), None));
    }

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task AStaleBackfillCannotMoveTheCheckpointBackNorRecreateAClearedOne(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        await using var stale = Open(options);
        await using var owner = Open(options);
        var first = await stale.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", null, Now.AddHours(-5), None);

        var ahead = await owner.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", await owner.Checkpoints.ReadCheckpointAsync("hq", "range", None), Now, None);
        Assert.Null(await stale.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", first, Now.AddHours(-4), None));
        Assert.Equal(Now, await stale.Checkpoints.GetCheckpointAsync("hq", "range", None));

        await owner.Checkpoints.ClearCheckpointAsync("hq", "range", None);
        Assert.Null(await owner.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", ahead, Now.AddHours(1), None));
        Assert.Null(await owner.Checkpoints.GetCheckpointAsync("hq", "range", None));
    }

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task ABackfillStartedAgainAfterAClearIsNotOverwrittenByAStaleOneHoldingAVersionFromBeforeTheClear(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        await using var stale = Open(options);
        await using var fresh = Open(options);
        var old = await stale.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", null, Now.AddHours(-5), None);
        await fresh.Checkpoints.ClearCheckpointAsync("hq", "range", None);

        var started = await fresh.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", null, Now.AddHours(-9), None);
        var late = await stale.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", old, Now.AddHours(-4), None);

        Assert.NotNull(started);
        Assert.Null(late);
        Assert.Equal(started, await fresh.Checkpoints.ReadCheckpointAsync("hq", "range", None));
        Assert.Null(await stale.Checkpoints.CompareAndSetCheckpointAsync("hq", "range", null, Now.AddHours(-3), None));   // a second first write loses too
    }

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task ADeliberateSetBumpsTheVersionSoARunInFlightLosesItsNextMove(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        await using var run = Open(options);
        await using var operatorTool = Open(options);
        var read = await run.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", null, Now, None);

        await operatorTool.Watermarks.SetWatermarkAsync("hq", "calllog", Now.AddDays(-2), None);

        Assert.Null(await run.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", read, Now.AddMinutes(1), None));
        Assert.Equal(Now.AddDays(-2), await run.Watermarks.GetWatermarkAsync("hq", "calllog", None));
    }

    [PostgresFact]
    [Trait("Category", "Slow")]
    public async Task TwoOwnersRacingOnPostgreSqlNeverMoveTheWatermarkBack()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.Postgres);
        await using var a = Open(options);
        await using var b = Open(options);
        await a.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", null, Now, None);
        var moves = new ConcurrentBag<StoredProgress>();
        var lost = 0;

        // Each owner keeps moving the watermark forward from what it last knew (a stale owner's view), re-reading only after
        // it lost a compare-and-set, as a new run of the job would; 300 moves each, at the same time.
        async Task OwnAsync(StateStore store, TimeSpan step)
        {
            var known = await store.Watermarks.ReadWatermarkAsync("hq", "calllog", None);
            for (var i = 0; i < 300; i++)
            {
                var moved = await store.Watermarks.CompareAndSetWatermarkAsync("hq", "calllog", known, known!.Value.Value + step, None);
                if (moved is { } done)
                {
                    moves.Add(done);
                    known = done;
                }
                else
                {
                    Interlocked.Increment(ref lost);
                    known = await store.Watermarks.ReadWatermarkAsync("hq", "calllog", None);
                }
            }
        }

        await Task.WhenAll(Task.Run(() => OwnAsync(a, TimeSpan.FromSeconds(1))), Task.Run(() => OwnAsync(b, TimeSpan.FromSeconds(7))));

        var history = moves.OrderBy(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(2, history.Count).Select(v => (long)v), history.Select(m => m.Version));
        Assert.All(history.Zip(history.Skip(1)), pair => Assert.True(pair.Second.Value > pair.First.Value, $"version {pair.Second.Version} moved the watermark back"));
        Assert.Equal(history[^1], await a.Watermarks.ReadWatermarkAsync("hq", "calllog", None));
        Assert.Equal(600, history.Count + lost);
    }

    [PostgresFact]
    [Trait("Category", "Slow")]
    public async Task TwoFlushersDrainingOneOutboxOnPostgreSqlWhileRowsAreAddedLoseNoRowAndSendNoneTwice()
    {
        await using var influx = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var options = await backends.NewDatabaseAsync(StateBackends.Postgres);
        await using var first = Open(options, time: TimeProvider.System);
        await using var second = Open(options, time: TimeProvider.System);
        var flushers = new[] { Flusher(first.Outbox, influx.Url), Flusher(second.Outbox, influx.Url) };
        const int Producers = 4, RowsEach = 300;

        // Producers add rows (one or two lines each) in many small transactions while both instances flush in rounds.
        var produced = 0;
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            var store = p % 2 == 0 ? first : second;
            for (var i = 0; i < RowsEach; i++)
            {
                var n = p * RowsEach + i;
                await store.Outbox.EnqueueAsync($"pbx{p}", OutboxKind.Live, i % 3 == 0 ? $"m v={n}i {n}\nm w={n}i {n}" : $"m v={n}i {n}", None);
                Interlocked.Increment(ref produced);
            }
        })).ToList();
        var rounds = 0;
        var flushing = flushers.Select(flusher => Task.Run(async () =>
        {
            while (!producers.All(t => t.IsCompleted) || await first.Outbox.CountAsync(None) > 0)
            {
                Assert.True((await flusher.FlushAsync(None)).Drained);
                Interlocked.Increment(ref rounds);
            }
        })).ToList();
        await Task.WhenAll(producers.Concat(flushing));

        var sent = influx.Requests.SelectMany(r => r.Lines).ToList();
        var expected = Enumerable.Range(0, Producers * RowsEach)
            .SelectMany(n => (n % RowsEach) % 3 == 0 ? new[] { $"m v={n}i {n}", $"m w={n}i {n}" } : [$"m v={n}i {n}"]).ToList();
        Assert.Equal(0, await second.Outbox.CountAsync(None));
        Assert.Empty(sent.GroupBy(l => l).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(expected.Order(StringComparer.Ordinal), sent.Order(StringComparer.Ordinal));
        Assert.True(rounds > 2, $"only {rounds} flush rounds ran");
    }

    [PostgresFact]
    public async Task TheClaimOfAKilledOwnerIsTakenOverOnceItsLeasePassedAndItsLateDeleteRemovesNothing()
    {
        await using var influx = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        var options = await backends.NewDatabaseAsync(StateBackends.Postgres);
        var time = new FakeTimeProvider(Now);
        var killed = Open(options, time: time);
        await using var survivor = Open(options, time: time);
        await EnqueueAsync(killed.Outbox, (OutboxKind.Live, "m v=1i 1"), (OutboxKind.Collector, "m v=2i 2"));
        var held = await killed.Outbox.ClaimAsync(10, long.MaxValue, None);   // claimed, then the process dies mid-write
        var flusher = Flusher(survivor.Outbox, influx.Url);

        var beforeLease = await flusher.FlushAsync(None);
        time.Advance(options.OutboxClaimLease - TimeSpan.FromSeconds(1));
        var justBefore = await flusher.FlushAsync(None);
        await EnqueueAsync(survivor.Outbox, (OutboxKind.Live, "m v=3i 3"));
        time.Advance(TimeSpan.FromSeconds(1));
        var afterLease = await flusher.FlushAsync(None);

        Assert.Equal(2, held.Count);
        Assert.Equal(0, beforeLease.RowsFlushed);
        Assert.Equal(0, justBefore.RowsFlushed);
        Assert.Equal(3, afterLease.RowsFlushed);
        Assert.Equal(["m v=1i 1", "m v=2i 2", "m v=3i 3"], influx.Requests.SelectMany(r => r.Lines));
        Assert.Equal(0, await survivor.Outbox.CountAsync(None));
        await killed.DisposeAsync();
    }

    [PostgresFact]
    public async Task AnOwnerWhoseLeasePassedDeletesNothingTheNewClaimantHolds()
    {
        var options = await backends.NewDatabaseAsync(StateBackends.Postgres);
        var time = new FakeTimeProvider(Now);
        await using var slow = Open(options, time: time);
        await using var other = Open(options, time: time);
        await EnqueueAsync(slow.Outbox, (OutboxKind.Live, "a"));
        var mine = await slow.Outbox.ClaimAsync(10, long.MaxValue, None);

        time.Advance(options.OutboxClaimLease);
        var taken = await other.Outbox.ClaimAsync(10, long.MaxValue, None);

        Assert.Equal(mine.Select(e => e.Id), taken.Select(e => e.Id));
        Assert.Equal(0, await slow.Outbox.DeleteClaimedAsync([.. mine.Select(e => e.Id)], None));
        await slow.Outbox.ReleaseAsync([.. mine.Select(e => e.Id)], None);
        Assert.Empty(await slow.Outbox.ClaimAsync(10, long.MaxValue, None));
        Assert.Equal(1, await other.Outbox.DeleteClaimedAsync([.. taken.Select(e => e.Id)], None));
    }

    static OutboxFlusher Flusher(IOutbox outbox, Uri url)
    {
        var options = WriterTestKit.Options(url, null);
        return new OutboxFlusher(outbox, WriterTestKit.Writer(options, null), options, TimeProvider.System, new FakeLogger<OutboxFlusher>(), random: null);
    }
}
