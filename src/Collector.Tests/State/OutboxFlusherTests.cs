using Collector.Configuration;
using Collector.Influx.Writing;
using Collector.State;
using Collector.Tests.Influx;
using static Collector.Tests.State.StateTestKit;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.State;

[Collection(StateCollection.Name)]
public class OutboxFlusherTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task AFlushWritesEveryRowOldestFirstAndEmptiesTheOutbox()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a v=1i 1\nb v=2i 2\n"), (OutboxKind.Live, "c v=3i 3"), (OutboxKind.Collector, "d v=4i 4\n"));
        var flusher = Flusher(store.Outbox, stub.Url);

        var result = await flusher.FlushAsync(None);

        Assert.Equal(new OutboxFlushResult(3, 4, 0, null), result);
        Assert.Equal(["a v=1i 1", "b v=2i 2", "c v=3i 3", "d v=4i 4"], stub.Requests.SelectMany(r => r.Lines));
        Assert.Equal(0, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task AFailedWriteStopsTheFlushAndKeepsEveryRowInOrderForTheNextOne()
    {
        var down = true;
        await using var stub = await InfluxStubServer.StartAsync(_ => down ? new StubAnswer(503) : StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteFile));
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a v=1i 1"), (OutboxKind.CallLog, "b v=2i 2"));
        var flusher = Flusher(store.Outbox, stub.Url, o => o.MaxRetries = 0);

        var failed = await flusher.FlushAsync(None);
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "c v=3i 3"));
        down = false;
        var drained = await flusher.FlushAsync(None);

        Assert.Equal(InfluxWriteFailureKind.Unavailable, failed.Failure?.Kind);
        Assert.Equal(0, failed.RowsFlushed);
        Assert.True(drained.Drained);
        Assert.Equal(3, drained.RowsFlushed);
        Assert.Equal(["a v=1i 1", "b v=2i 2", "c v=3i 3"], stub.Requests.Skip(1).SelectMany(r => r.Lines));
        Assert.Equal(0, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task RowsWhoseLinesInfluxRejectsAreDeletedWithTheRestWritten()
    {
        await using var stub = await InfluxStubServer.StartAsync(r => r.Lines.Any(l => l.Contains("bad")) ? new StubAnswer(400, """{"error":"unable to parse"}""") : StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.CallLog, "a v=1i 1\nbad\n"), (OutboxKind.CallLog, "c v=3i 3"));

        var result = await Flusher(store.Outbox, stub.Url).FlushAsync(None);

        Assert.Equal(new OutboxFlushResult(2, 2, 1, null), result);
        Assert.Equal(0, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task TheRunLoopFlushesAtOnceAndThenEveryFlushInterval()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        var time = new SteppingTimeProvider();
        var flusher = Flusher(store.Outbox, stub.Url, o => o.FlushInterval = TimeSpan.FromSeconds(5), time);
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        using var stop = new CancellationTokenSource();

        var run = flusher.RunAsync(stop.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(async () => await store.Outbox.CountAsync(None) == 0);
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "b v=2i 2"));
        time.Advance(TimeSpan.FromSeconds(5));
        await WaitUntilAsync(async () => await store.Outbox.CountAsync(None) == 0);
        await stop.CancelAsync();
        await run;

        Assert.Equal(["a v=1i 1", "b v=2i 2"], stub.Requests.SelectMany(r => r.Lines));
    }

    [Fact]
    public async Task StoppingWhileAFlushWaitsForInfluxDbEndsTheRunLoopQuietlyAndKeepsTheRows()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(204, Hang: true));
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        var flusher = Flusher(store.Outbox, stub.Url);
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        using var stop = new CancellationTokenSource();

        var run = flusher.RunAsync(stop.Token);
        await stub.WaitForRequestsAsync(1);
        await stop.CancelAsync();
        await run;   // throws if cancellation escapes, which would skip the worker's final flush

        Assert.Equal(1, await store.Outbox.CountAsync(None));
    }

    static OutboxFlusher Flusher(IOutbox outbox, Uri url, Action<InfluxOptions>? change = null, TimeProvider? time = null)
    {
        var options = WriterTestKit.Options(url, change);
        var writer = WriterTestKit.Writer(options, time);
        return new OutboxFlusher(outbox, writer, options, time ?? TimeProvider.System, new FakeLogger<OutboxFlusher>());
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
            await Task.Delay(10, deadline.Token);
    }
}
