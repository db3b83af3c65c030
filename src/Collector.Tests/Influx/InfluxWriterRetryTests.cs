using System.Net;
using System.Net.Sockets;
using Collector.Influx.Writing;
using static Collector.Tests.Influx.WriterTestKit;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.Influx;

/// <summary>Retries and back-off, on fake time: every wait is asserted exactly, none is slept.</summary>
public class InfluxWriterRetryTests
{
    [Fact]
    public async Task ServerErrorsAreRetriedWithDoublingWaitsThenFailAsUnavailable()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(503, """{"error":"engine: cache maximum memory size exceeded"}"""));
        var time = new SteppingTimeProvider();
        var writer = Writer(Options(stub.Url, o => o.MaxRetries = 4), time);

        var write = writer.WriteAsync(Lines(3), CancellationToken.None);
        var waits = await time.RunAsync(write.ContinueWith(_ => { }, TaskScheduler.Default), due => due != NeverTimesOut);

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => write);
        Assert.Equal(InfluxWriteFailureKind.Unavailable, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("cache maximum memory size exceeded", error.Message);
        Assert.Equal([1, 2, 4, 8], waits.Select(w => w.TotalSeconds));
        Assert.Equal(5, stub.Requests.Count);
        Assert.Equal(4, writer.Counters.Snapshot().Retries);
    }

    [Fact]
    public async Task TooManyRequestsWaitsExactlyTheRetryAfterInsteadOfTheBackOffAndThenSucceeds()
    {
        var answers = new Queue<StubAnswer>([new(429, RetryAfter: "7"), new(429, RetryAfter: "1"), new(503, RetryAfter: "0"), StubAnswer.NoContent]);
        await using var stub = await InfluxStubServer.StartAsync(_ => answers.Dequeue());
        var time = new SteppingTimeProvider();
        var writer = Writer(Options(stub.Url), time);

        var write = writer.WriteAsync(Lines(2), CancellationToken.None);
        var waits = await time.RunAsync(write, due => due != NeverTimesOut);

        Assert.Equal(2, (await write).LinesWritten);
        // 7 s and 1 s as asked (not the 1 s and 2 s back-off); a Retry-After of 0 leaves the back-off (4 s for the third retry).
        Assert.Equal([7, 1, 4], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task WithJitterEachWaitIsRandomWithinItsBoundAndNeverLongerThanMaxRetryDelay()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(503));
        var random = new Random(2026);
        var runs = new List<IReadOnlyList<TimeSpan>>();
        for (var run = 0; run < 10; run++)
        {
            var time = new SteppingTimeProvider();
            var writer = Writer(Options(stub.Url, o => (o.MaxRetries, o.MaxRetryDelay) = (7, TimeSpan.FromSeconds(10))), time, jitter: random.NextDouble);
            var write = writer.WriteAsync(Lines(1), CancellationToken.None);
            runs.Add(await time.RunAsync(write.ContinueWith(_ => { }, TaskScheduler.Default), due => due != NeverTimesOut));
            Assert.Equal(InfluxWriteFailureKind.Unavailable, (await Assert.ThrowsAsync<InfluxWriteException>(() => write)).Kind);
        }

        foreach (var waits in runs)
        {
            Assert.Equal(7, waits.Count);
            for (var n = 1; n <= waits.Count; n++)   // retry n: between 0 and 1.4 × 2^(n-1) s, and at most 10 s
                Assert.InRange(waits[n - 1].TotalSeconds, 0, Math.Min(10, 1.4 * Math.Pow(2, n - 1)));
        }
        Assert.True(runs.Select(r => r[0]).Distinct().Count() > 5, "the first waits should differ from run to run");
        Assert.Contains(runs, r => r[^1] == TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AWriteWithoutRetrySendsTheBatchOnceAndHandsOnTheRetryAfter()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(429, RetryAfter: "30"));
        var writer = Writer(Options(stub.Url, o => o.MaxRetries = 5), new SteppingTimeProvider());

        // A retry would wait on the fake clock, which nobody advances: the bound turns that into a failure.
        var error = await Assert.ThrowsAsync<InfluxWriteException>(() =>
            writer.WriteWithoutRetryAsync(Lines(3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(InfluxWriteFailureKind.Unavailable, error.Kind);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Single(stub.Requests);
        Assert.Equal(0, writer.Counters.Snapshot().Retries);
        Assert.DoesNotContain("retries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitsAreCappedAtMaxRetryDelayEvenWhenTheServerAsksForMore()
    {
        var answers = new Queue<StubAnswer>([new(503), new(503, RetryAfter: "3600"), StubAnswer.NoContent]);
        await using var stub = await InfluxStubServer.StartAsync(_ => answers.Dequeue());
        var time = new SteppingTimeProvider();
        var writer = Writer(Options(stub.Url, o => (o.RetryDelay, o.MaxRetryDelay) = (TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30))), time);

        var write = writer.WriteAsync(Lines(1), CancellationToken.None);
        var waits = await time.RunAsync(write, due => due != NeverTimesOut);

        await write;
        Assert.Equal([20, 30], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task ARequestThatGetsNoAnswerWithinTheTimeoutIsRetried()
    {
        var first = true;
        await using var stub = await InfluxStubServer.StartAsync(_ =>
        {
            var answer = first ? new StubAnswer(0, Hang: true) : StubAnswer.NoContent;
            first = false;
            return answer;
        });
        var time = new SteppingTimeProvider();
        var writer = Writer(Options(stub.Url, o => o.RequestTimeout = TimeSpan.FromSeconds(10)), time);

        var write = writer.WriteAsync(Lines(1), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(10));
        await stub.WaitForRequestsAsync(1);
        Assert.Single(stub.Requests);
        time.Advance(TimeSpan.FromSeconds(10)); // the request times out
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1)); // the first back-off starts
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, (await write).LinesWritten);
        Assert.Equal(2, stub.Requests.Count);
        Assert.Equal(1, writer.Counters.Snapshot().Retries);
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedThenReportedAsUnavailableWithoutTheUrlsUserInfo()
    {
        var time = new SteppingTimeProvider();
        var logger = new FakeLogger<InfluxWriter>();
        var writer = Writer(Options(new Uri($"http://collector:secret@127.0.0.1:{FreePort.Next()}"), o => o.MaxRetries = 2), time, logger);

        var write = writer.WriteAsync(Lines(1), CancellationToken.None);
        var waits = await time.RunAsync(write.ContinueWith(_ => { }, TaskScheduler.Default), due => due != NeverTimesOut);

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => write);
        Assert.Equal(InfluxWriteFailureKind.Unavailable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Contains("Influx:Url", error.Message);
        Assert.Contains("Connection refused", error.Message);
        Assert.DoesNotContain("secret", error.Message);
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(e => e.Message.Contains("retry", StringComparison.Ordinal)));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), e => e.Message.Contains("secret", StringComparison.Ordinal));
        Assert.Equal([1, 2], waits.Select(w => w.TotalSeconds));
    }

    [Fact]
    public async Task CancellationStopsTheWaitAndIsNotReportedAsAFailure()
    {
        await using var stub = await InfluxStubServer.StartAsync(_ => new StubAnswer(503));
        var time = new SteppingTimeProvider();
        var writer = Writer(Options(stub.Url), time);
        using var cancel = new CancellationTokenSource();

        var write = writer.WriteAsync(Lines(1), cancel.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);
        Assert.Equal(0, writer.Counters.Snapshot().FailedWrites);
    }
}
