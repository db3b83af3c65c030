using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Live.Collection;
using Collector.Live.Points;
using Collector.State;
using Collector.Tests.CallLog.Sync;
using Collector.Tests.State;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.Live;

/// <summary>
/// When a snapshot queues behind the outbox (<see cref="LivePointSink"/>): only behind points of its own PBX (not its run points), and
/// without asking the outbox on every snapshot while nothing is buffered.
/// </summary>
[Collection(StateCollection.Name)]
public sealed class LiveBacklogTests(StateBackends backends)
{
    const string Pbx = "hq";
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task WhileNothingIsBufferedTheOutboxIsAskedOnceNotOnEverySnapshot()
    {
        await using var rig = await Rig.OpenAsync(backends);

        var deliveries = new List<LiveDelivery>();
        for (var i = 0; i < 5; i++)
        {
            deliveries.Add(await rig.DeliverAsync());
            rig.Time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.All(deliveries, d => Assert.True(d.Direct));
        Assert.Equal(1, rig.Outbox.BacklogChecks);
        Assert.Equal(5, rig.Writer.Writes);
    }

    [Fact]
    public async Task ThePbxsOwnRunPointsWaitingInTheOutboxDoNotHoldItsSnapshotBack()
    {
        await using var rig = await Rig.OpenAsync(backends);
        // The call-log sync's run point, waiting for the flusher.
        await rig.Outbox.EnqueueAsync(Pbx, OutboxKind.Collector, "collector,pbx=hq,job=calllog_sync duration_ms=5i 1", None);

        var delivery = await rig.DeliverAsync();

        Assert.True(delivery.Direct);
        Assert.Equal(1, rig.Writer.Writes);
        Assert.Equal(1, await rig.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task AfterAFailedWriteSnapshotsQueueBehindTheBufferedOnesUntilTheOutboxHasSentThemThenGoDirectAgain()
    {
        await using var rig = await Rig.OpenAsync(backends);

        rig.Writer.Down = true;
        var failed = await rig.DeliverAsync();
        rig.Writer.Down = false;
        var behind = await rig.DeliverAsync();   // InfluxDB is back, but the first snapshot is still in the outbox
        var countsWhileBuffered = rig.Outbox.BacklogChecks;
        await rig.FlushAsync();
        var again = await rig.DeliverAsync();
        var afterwards = await rig.DeliverAsync();

        Assert.False(failed.Direct);
        Assert.False(behind.Direct);
        Assert.True(again.Direct);
        Assert.True(afterwards.Direct);
        Assert.Equal(2, countsWhileBuffered);           // the first snapshot's check, then the one behind the backlog
        Assert.Equal(3, rig.Outbox.BacklogChecks);          // asked once more to see it empty, then not again
        Assert.Equal(0, await rig.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task ABacklogLeftByAnotherInstanceIsSeenWithinTheRecheckInterval()
    {
        await using var rig = await Rig.OpenAsync(backends);
        Assert.True((await rig.DeliverAsync()).Direct);   // the outbox is known empty from now

        // Another instance on the shared state database buffered this PBX's snapshots (the job ran there meanwhile).
        await rig.Outbox.EnqueueAsync(Pbx, OutboxKind.Live, "queue_live,pbx=hq,queue=800 waiting=1i 1", None);
        rig.Time.Advance(LivePointSink.BacklogRecheck - TimeSpan.FromSeconds(1));
        var trusted = await rig.DeliverAsync();
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        var rechecked = await rig.DeliverAsync();

        Assert.True(trusted.Direct);
        Assert.False(rechecked.Direct);
        Assert.Equal(2, rig.Outbox.BacklogChecks);
    }

    /// <summary>A sink on a real outbox (in-memory SQLite) that counts the live path's questions, a recording writer, a fake clock.</summary>
    sealed class Rig : IAsyncDisposable
    {
        readonly StateStore _store;
        readonly LivePointSink _sink;

        Rig(StateStore store, FakeTimeProvider time)
        {
            _store = store;
            Time = time;
            Outbox = new CountingOutbox(store.Outbox);
            _sink = new LivePointSink(Writer, Outbox, new LiveOptions(), time, new FakeLogger<LivePointSink>());
        }

        public FakeTimeProvider Time { get; }

        public RecordingWriter Writer { get; } = new();

        public CountingOutbox Outbox { get; }

        public static async Task<Rig> OpenAsync(StateBackends backends)
        {
            var time = new FakeTimeProvider(StateTestKit.Now);
            return new Rig(StateTestKit.Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory), time: time), time);
        }

        public Task<LiveDelivery> DeliverAsync()
        {
            var at = Time.GetUtcNow();
            PointData[] points = [new PointData("queue_live").Tag("pbx", Pbx).Tag("queue", "800").Field("waiting", 1).Timestamp(at.ToUnixTimeMilliseconds() * 1_000_000)];
            return _sink.DeliverAsync(Pbx, points, new LiveRunReport { Pbx = Pbx, StartedAt = at, Duration = TimeSpan.FromMilliseconds(10), Points = 1 }, None);
        }

        /// <summary>What the flusher does once InfluxDB takes writes: sends and deletes every row.</summary>
        public async Task FlushAsync()
        {
            var rows = await Outbox.ClaimAsync(1000, long.MaxValue, None);
            await Outbox.DeleteClaimedAsync([.. rows.Select(r => r.Id)], None);
        }

        public ValueTask DisposeAsync() => _store.DisposeAsync();
    }

    /// <summary>The outbox, counting how often the live path asks it for a PBX's backlog.</summary>
    sealed class CountingOutbox(IOutbox inner) : DelegatingOutbox(inner)
    {
        int _backlogChecks;

        public int BacklogChecks => Volatile.Read(ref _backlogChecks);

        public override Task<long> CountPointRowsAsync(string pbx, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _backlogChecks);
            return base.CountPointRowsAsync(pbx, cancellationToken);
        }
    }
}
