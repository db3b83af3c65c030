using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.State;
using Collector.Tests.State;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;
using Microsoft.Extensions.Logging.Testing;

namespace Collector.Tests.Influx;

/// <summary>A real influxd of its own, stopped and started again: what the writer and the outbox do meanwhile.</summary>
[Trait("Category", "Slow")]
public sealed class InfluxdOutageTests : IAsyncLifetime
{
    static readonly CancellationToken None = CancellationToken.None;
    InfluxServer _server = null!;

    public async Task InitializeAsync() => _server = await InfluxServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    InfluxOptions FastRetries() => Options(_server.Url, o =>
    {
        o.RetryDelay = TimeSpan.FromMilliseconds(20);
        o.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        o.MaxRetries = 2;
        o.RequestTimeout = TimeSpan.FromSeconds(30);
    });

    [Fact]
    public async Task AStoppedInfluxdIsUnavailableAfterTheRetriesAndTheSameWriteSucceedsOnceItIsBack()
    {
        var writer = Writer(FastRetries());
        await writer.WriteAsync(Calls(0, 10), None);
        await _server.StopAsync();

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Calls(10, 10), None));
        await _server.StartAgainAsync();
        await writer.WriteAsync(Calls(10, 10), None);

        Assert.Equal(InfluxWriteFailureKind.Unavailable, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Equal(2, writer.Counters.Snapshot().Retries);
        Assert.Equal(20, await CountAsync());
    }

    [Fact]
    public async Task PointsQueuedInTheOutboxWhileInfluxdIsDownAllArriveOnceAfterItIsBack()
    {
        var options = FastRetries();
        var writer = Writer(options);
        await using var store = StateTestKit.Open(new StateOptions { ConnectionString = "Data Source=:memory:" });
        var flusher = new OutboxFlusher(store.Outbox, writer, options, TimeProvider.System, new FakeLogger<OutboxFlusher>());
        await store.Outbox.EnqueueAsync("hq", OutboxKind.CallLog, Calls(0, 50).ToText(), None);
        await flusher.FlushAsync(None);

        await _server.StopAsync();
        await store.Outbox.EnqueueAsync("hq", OutboxKind.CallLog, Calls(40, 60).ToText(), None); // overlaps the first window
        await store.Outbox.EnqueueAsync("hq", OutboxKind.CallLog, Calls(100, 25).ToText(), None);
        var whileDown = await flusher.FlushAsync(None);
        var keptWhileDown = await store.Outbox.CountAsync(None);
        await _server.StartAgainAsync();
        var afterRestart = await flusher.FlushAsync(None);

        Assert.False(whileDown.Drained);
        Assert.Equal(2, keptWhileDown);
        Assert.True(afterRestart.Drained);
        Assert.Equal(2, afterRestart.RowsFlushed);
        Assert.Equal(0, await store.Outbox.CountAsync(None));
        Assert.Equal(125, await CountAsync());
    }

    static LineBatch Calls(int first, int count)
    {
        var start = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        return LineBatch.From(Enumerable.Range(first, count).Select(i => new PointData("queue_call")
            .Tag("pbx", "hq").Tag("queue", "800")
            .Field("wait_s", i * 1.5)
            .Timestamp(CallTimestamp.For(start.AddSeconds(i), $"{i}/1"))));
    }

    async Task<long> CountAsync()
    {
        var answer = await _server.QueryAsync("threecx", "SELECT count(wait_s) FROM queue_call");
        return answer.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetInt64();
    }
}
