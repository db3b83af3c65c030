using System.Collections.Concurrent;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.State;
using Collector.Tests.Influx;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Collector.Tests.State.StateTestKit;

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
        var flusher = Flusher(store.Outbox, stub.Url);

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
    public async Task AnIdleRunLoopLooksAtTheOutboxOnlyEveryPollIntervalAndAtOnceAfterSomethingIsEnqueued()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        var outbox = new CountingClaims(store.Outbox);
        var time = new SteppingTimeProvider();
        var flusher = Flusher(outbox, stub.Url, o => (o.FlushInterval, o.OutboxPollInterval) = (TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)), time);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>();

        var run = flusher.RunAsync(stop.Token);
        waits.Add(await NextWaitAsync(time));   // FlushInterval after the first flush
        time.Advance(waits[^1]);
        waits.Add(await NextWaitAsync(time));   // idle: the rest of the poll interval
        var flushesWhileIdle = outbox.Flushes;
        time.Advance(waits[^1]);
        waits.Add(await NextWaitAsync(time));   // FlushInterval after the polled flush
        await EnqueueAsync(store.Outbox, (OutboxKind.Collector, "a v=1i 1"));
        time.Advance(waits[^1]);
        waits.Add(await NextWaitAsync(time));   // FlushInterval after the flush the row woke (no idle wait before it)
        await stop.CancelAsync();
        await run;

        Assert.Equal([5, 55, 5, 5], waits.Select(w => w.TotalSeconds));
        Assert.Equal(1, flushesWhileIdle);
        Assert.Equal(3, outbox.Flushes);
        Assert.Equal(["a v=1i 1"], stub.Requests.SelectMany(r => r.Lines));
        Assert.Equal(0, await store.Outbox.CountAsync(None));
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

    [Fact]
    public async Task TheWriterDoesNotRetryInsideAFlushTheFlushStopsAtTheFirstFailedRequest()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(503));
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        var flusher = Flusher(store.Outbox, stub.Url, o => o.MaxRetries = 5, new SteppingTimeProvider());

        // A retry would wait on the fake clock, which nobody advances: the bound turns that into a failure.
        var result = await flusher.FlushAsync(None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(InfluxWriteFailureKind.Unavailable, result.Failure?.Kind);
        Assert.Single(stub.Requests);
        Assert.Equal(1, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task AFlusherFacingADownInfluxDbBacksOffOneTwoFourSecondsUpToTheCapAndResetsAfterASuccess()
    {
        var down = 1;
        await using var stub = await InfluxStubServer.StartAsync(_ => Volatile.Read(ref down) == 1 ? new StubAnswer(503) : StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        var time = new SteppingTimeProvider();
        var flusher = Flusher(store.Outbox, stub.Url, Tuning, time);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>();

        var run = flusher.RunAsync(stop.Token);
        for (var failure = 1; failure <= 6; failure++)
        {
            waits.Add(await NextWaitAsync(time));
            if (failure == 6)
                Volatile.Write(ref down, 0);   // InfluxDB is back for the next attempt
            time.Advance(waits[^1]);
        }
        waits.Add(await NextWaitAsync(time));   // after the flush that drained the outbox
        var leftAfterSuccess = await store.Outbox.CountAsync(None);
        Volatile.Write(ref down, 1);
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "b v=2i 2"));
        time.Advance(waits[^1]);
        waits.Add(await NextWaitAsync(time));   // after the next flush failed
        await stop.CancelAsync();
        await run;

        Assert.Equal([1, 2, 4, 8, 10, 10, 5, 1], waits.Select(w => w.TotalSeconds));
        Assert.Equal(0, leftAfterSuccess);
        Assert.Equal(8, stub.Requests.Count);   // one request per flush: 6 failed, 1 written, 1 failed
        Assert.Equal(["b v=2i 2"], await PayloadsAsync(store.Outbox));
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("3600", 10)]
    public async Task AFailedFlushWaitsTheRetryAfterInfluxDbAsksForButNoLongerThanMaxRetryDelay(string retryAfter, int seconds)
    {
        var answers = new ConcurrentQueue<StubAnswer>([new StubAnswer(429, RetryAfter: retryAfter)]);
        await using var stub = await InfluxStubServer.StartAsync(_ => answers.TryDequeue(out var answer) ? answer : StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        var time = new SteppingTimeProvider();
        var flusher = Flusher(store.Outbox, stub.Url, Tuning, time);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>();

        var run = flusher.RunAsync(stop.Token);
        waits.Add(await NextWaitAsync(time));
        time.Advance(waits[^1]);
        waits.Add(await NextWaitAsync(time));
        await stop.CancelAsync();
        await run;

        Assert.Equal([seconds, 5], waits.Select(w => w.TotalSeconds));
        Assert.Equal(0, await store.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task AnOutboxThatFailsToReadIsTriedAgainWithTheSameBackOffAndTheFailureIsLogged()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => StubAnswer.NoContent);
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        var time = new SteppingTimeProvider();
        var logger = new FakeLogger<OutboxFlusher>();
        var options = WriterTestKit.Options(stub.Url, Tuning);
        var flusher = new OutboxFlusher(new FailingReads(store.Outbox, failures: 2), WriterTestKit.Writer(options, time), options, time, logger, random: null);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>();

        var run = flusher.RunAsync(stop.Token);
        for (var i = 0; i < 3; i++)
        {
            waits.Add(await NextWaitAsync(time));
            time.Advance(waits[^1]);
        }
        await stop.CancelAsync();
        await run;

        Assert.Equal([1, 2, 5], waits.Select(w => w.TotalSeconds));
        Assert.Equal(0, await store.Outbox.CountAsync(None));
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(e => e.Level == LogLevel.Error && e.Message.StartsWith("Outbox flush failed; the next attempt is in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WithJitterTheWaitsOfALongOutageStayWithinTheirBoundsAndSettleAtMaxRetryDelayPastAThousandFailures()
    {
        await using var store = Open(await backends.NewDatabaseAsync(StateBackends.SqliteMemory));
        await EnqueueAsync(store.Outbox, (OutboxKind.Live, "a v=1i 1"));
        var time = new SteppingTimeProvider();
        var options = WriterTestKit.Options(new Uri("http://127.0.0.1:9/"), Tuning);
        var random = new Random(2026);
        var flusher = new OutboxFlusher(store.Outbox, new DownWriter(), options, time, new FakeLogger<OutboxFlusher>(), random.NextDouble);
        using var stop = new CancellationTokenSource();
        var waits = new List<TimeSpan>();

        var run = flusher.RunAsync(stop.Token);
        for (var failure = 1; failure <= 1100; failure++)   // past Polly's 1024th attempt, where 2^attempt overflows
        {
            waits.Add(await NextWaitAsync(time));
            time.Advance(waits[^1]);
        }
        await stop.CancelAsync();
        await run;

        for (var n = 1; n <= waits.Count; n++)   // failure n: between 0 and 1.4 × 2^(n-1) s, and at most 10 s
            Assert.InRange(waits[n - 1].TotalSeconds, 0, Math.Min(10, 1.4 * Math.Pow(2, Math.Min(n - 1, 60))));
        Assert.All(waits.Skip(1000), w => Assert.Equal(TimeSpan.FromSeconds(10), w));
        Assert.Equal(1, await store.Outbox.CountAsync(None));
    }

    /// <summary>FlushInterval 5 s; back-off from 1 s, capped at 10 s.</summary>
    static void Tuning(InfluxOptions o) =>
        (o.FlushInterval, o.RetryDelay, o.MaxRetryDelay) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task RowsDroppedOverTheCapAreLoggedOncePerFlushWithACountNotOncePerRow()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(503));
        var storeLogs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(storeLogs)));
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteMemory);
        options.OutboxMaxRows = 100;
        await using var store = new StateStore(options, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now), factory);
        var flusherLog = new FakeLogger<OutboxFlusher>();
        var influx = WriterTestKit.Options(stub.Url);
        var flusher = new OutboxFlusher(store.Outbox, WriterTestKit.Writer(influx, null), influx, TimeProvider.System, flusherLog, random: null);

        for (var i = 0; i < 250; i++)
            await store.Outbox.EnqueueAsync("hq", OutboxKind.Live, $"live v={i}i {i}", None);
        await flusher.FlushAsync(None);   // InfluxDB is down: the rows stay, the drops are reported
        for (var i = 0; i < 30; i++)
            await store.Outbox.EnqueueAsync("hq", OutboxKind.Collector, $"run v={i}i {i}", None);
        await flusher.FlushAsync(None);
        await flusher.FlushAsync(None);   // nothing dropped since: no line

        Assert.Equal(180, store.Outbox.DroppedRows);
        Assert.DoesNotContain(storeLogs.GetSnapshot(), e => e.Level >= LogLevel.Warning);
        var drops = flusherLog.Collector.GetSnapshot().Where(e => e.Message.Contains("over its cap", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(2, drops.Count);
        Assert.Contains("dropped the 150 oldest live/collector rows since the last flush (150 since start)", drops[0]);
        Assert.Contains("dropped the 30 oldest live/collector rows since the last flush (180 since start)", drops[1]);
    }

    [Fact]
    public async Task AnOutboxOverItsCapWithCallLogRowsAloneWarnsOnceNotPerRow()
    {
        var storeLogs = new FakeLogCollector();
        using var factory = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(storeLogs)));
        var options = await backends.NewDatabaseAsync(StateBackends.SqliteMemory);
        options.OutboxMaxRows = 100;
        await using var store = new StateStore(options, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now), factory);

        for (var i = 0; i < 150; i++)
            await store.Outbox.EnqueueAsync("hq", OutboxKind.CallLog, $"call v={i}i {i}", None);

        Assert.Equal(150, await store.Outbox.CountAsync(None));
        Assert.Single(storeLogs.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("call-log rows", StringComparison.Ordinal));
    }

    /// <summary>The next wait the flusher starts (request timeouts, which never fire here, are not waits).</summary>
    static Task<TimeSpan> NextWaitAsync(SteppingTimeProvider time) => time.NextWaitAsync(due => due != WriterTestKit.NeverTimesOut);

    /// <summary>Writes without jitter, so the waits double exactly.</summary>
    static OutboxFlusher Flusher(IOutbox outbox, Uri url, Action<InfluxOptions>? change = null, TimeProvider? time = null)
    {
        var options = WriterTestKit.Options(url, change);
        var writer = WriterTestKit.Writer(options, time);
        return new OutboxFlusher(outbox, writer, options, time ?? TimeProvider.System, new FakeLogger<OutboxFlusher>(), random: null);
    }

    /// <summary>An outbox whose first <c>failures</c> reads fail, as a locked or unreachable state database does.</summary>
    sealed class FailingReads(IOutbox inner, int failures) : DelegatingOutbox(inner)
    {
        int _failures = failures;

        public override Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new InvalidOperationException("database is locked (test)")
                : base.ClaimAsync(maxRows, maxBytes, cancellationToken);
    }

    /// <summary>The outbox, counting the flushes (each ends with a claim that finds nothing).</summary>
    sealed class CountingClaims(IOutbox inner) : DelegatingOutbox(inner)
    {
        int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public override async Task<IReadOnlyList<OutboxEntry>> ClaimAsync(int maxRows, long maxBytes, CancellationToken cancellationToken)
        {
            var rows = await base.ClaimAsync(maxRows, maxBytes, cancellationToken);
            if (rows.Count == 0)
                Interlocked.Increment(ref _flushes);   // one per flush: the claim that finds the outbox empty ends it
            return rows;
        }
    }

    /// <summary>A writer for an InfluxDB that is down: every write fails as unavailable, at once.</summary>
    sealed class DownWriter : IInfluxWriter
    {
        public InfluxWriterCounters Counters { get; } = new();

        public Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The flusher must not use the retrying write.");

        public Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken) =>
            Task.FromException<InfluxWriteResult>(new InfluxWriteException(InfluxWriteFailureKind.Unavailable, "InfluxDB is down (test)."));
    }

    static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!await condition())
            await Task.Delay(10, deadline.Token);
    }
}
