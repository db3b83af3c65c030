using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Collector.Live.Collection;
using Collector.State;
using Collector.Tests.Influx;
using Collector.Tests.Live.Support;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Live;

/// <summary>Where a snapshot goes when InfluxDB is slow or the outbox is still draining.</summary>
[Collection(InfluxCollection.Name)]
public sealed class LiveDeliveryTests(InfluxFixture influx)
{
    static readonly string[] World = ["--speed", "0", "--start", "2026-11-23T10:00:00Z", "--seed", "11", "--calls-per-hour", "300"];
    static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task WhileTheOutboxStillHoldsRowsASnapshotQueuesBehindThemAndArrivesWithTheNextFlush()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, influx.Server, "live_behind_backlog");
        await rig.Outbox.EnqueueAsync(LiveRig.Pbx, OutboxKind.CallLog, "queue_call,pbx=sim,queue=800 wait_s=3.5 1795420000000000000", None);

        var run = await rig.Collector.RunAsync(None);
        var before = await rig.RowsAsync("SELECT count(waiting) FROM queue_live");
        await rig.Flusher.FlushAsync(None);
        var after = await rig.RowsAsync("SELECT count(waiting) FROM queue_live");

        Assert.False(run.Delivery!.Direct);
        Assert.Equal(run.Report.Points, run.Delivery.Buffered);
        Assert.Empty(before);
        Assert.Equal(3, Assert.Single(after)["count"].GetInt64());
        Assert.Empty(rig.Logs.Messages(LogLevel.Warning, nameof(LivePointSink)));   // nothing failed: it only waited its turn
    }

    [Fact]
    public async Task RowsOfAnotherPbxInTheOutboxDoNotHoldThisPbxsSnapshotBack()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, influx.Server, "live_other_backlog");
        // Another PBX's backlog (in a cluster possibly another instance's, being sent by its flusher).
        await rig.Outbox.EnqueueAsync("branch", OutboxKind.Live, "queue_live,pbx=branch,queue=800 waiting=1i 1795420000000000000", None);

        var run = await rig.Collector.RunAsync(None);

        Assert.True(run.Delivery!.Direct);
        Assert.Equal(3, Assert.Single(await rig.RowsAsync("SELECT count(waiting) FROM queue_live WHERE pbx = 'sim'"))["count"].GetInt64());
        Assert.Equal(1, await rig.Outbox.CountAsync(None));
    }

    [Fact]
    public async Task AFailedDirectWriteIsNotRetriedTheSnapshotGoesToTheOutboxAtOnce()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var down = await InfluxStubServer.StartAsync(_ => new StubAnswer(503));
        // The rig's writer retries call-log windows twice; a live snapshot has the outbox instead.
        await using var rig = LiveRig.Create(sim, influx.Server, "live_not_retried", influxUrl: down.Url);

        var run = await rig.Collector.RunAsync(None);

        Assert.False(run.Delivery!.Direct);
        Assert.Single(down.Requests);
        Assert.Equal(2, await rig.Outbox.CountAsync(None));
        Assert.Contains("HTTP 503", Assert.Single(rig.Logs.Messages(LogLevel.Warning, nameof(LivePointSink))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInfluxThatDoesNotAnswerInTimeSendsTheSnapshotToTheOutboxAfterTheDirectWriteTimeout()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        using var silent = new TcpListener(IPAddress.Loopback, 0);   // accepts connections, never answers
        silent.Start();
        await using var rig = LiveRig.Create(sim, influx.Server, "live_silent",
            live: o => o.DirectWriteTimeout = TimeSpan.FromMilliseconds(300),
            influxUrl: new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"));

        var clock = Stopwatch.StartNew();
        var run = await rig.Collector.RunAsync(None);
        var took = clock.Elapsed;

        Assert.True(run.Succeeded);
        Assert.False(run.Delivery!.Direct);
        Assert.Equal(2, await rig.Outbox.CountAsync(None));
        Assert.True(took < TimeSpan.FromSeconds(5), $"the run took {took}");
        Assert.Contains("no answer within 0.3 s", Assert.Single(rig.Logs.Messages(LogLevel.Warning, nameof(LivePointSink))), StringComparison.Ordinal);
    }
}
