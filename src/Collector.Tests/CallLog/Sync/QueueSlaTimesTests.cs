using Collector.CallLog.Sync;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.CallLog.Sync;

/// <summary>The call log's per-PBX cache of 3CX's SLATime per queue: read when needed, kept for a while, never fatal.</summary>
public sealed class QueueSlaTimesTests
{
    readonly FakeXapiClient _pbx = new();
    readonly FakeTimeProvider _time = new(SyncTestKit.Start);
    readonly FakeLogger<QueueSlaTimes> _log = new();

    QueueSlaTimes SlaTimes() => new("hq", _pbx, _time, _log);

    static XapiQueue Queue(string number, int? slaTime) => new() { Number = number, Name = $"Queue {number}", SlaTime = slaTime };

    static XapiException Forbidden() => new(XapiFailureKind.Forbidden, "Queues: 403 Forbidden (test).", "/xapi/v1/Queues", 403);

    [Fact]
    public async Task OnlyQueuesWithAnSlaTimeAreListedAndQueuesIsReadOnceForTheTimeToLive()
    {
        _pbx.Queues.AddRange([Queue("800", 30), Queue("801", 0), Queue("802", null), Queue(" 803 ", 15)]);
        var cache = SlaTimes();

        var first = await cache.GetAsync(CancellationToken.None);
        _time.Advance(QueueSlaTimes.TimeToLive - TimeSpan.FromSeconds(1));
        _pbx.Queues[0] = Queue("800", 45);
        var cached = await cache.GetAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var refreshed = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { ["800"] = 30, ["803"] = 15 }, first);
        Assert.Same(first, cached);
        Assert.Equal(45, refreshed["800"]);
        Assert.Equal(2, _pbx.QueueReads);
    }

    [Fact]
    public async Task WhenQueuesCannotBeReadThereAreNoSlaTimesAndOneWarningUntilItCanBeReadAgain()
    {
        _pbx.QueuesFailure = Forbidden();
        _pbx.Queues.Add(Queue("800", 30));
        var cache = SlaTimes();

        var results = new List<IReadOnlyDictionary<string, int>>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await cache.GetAsync(CancellationToken.None));
            _time.Advance(QueueSlaTimes.RetryAfterFailure);
        }
        _pbx.QueuesFailure = null;
        var recovered = await cache.GetAsync(CancellationToken.None);

        Assert.All(results, Assert.Empty);
        Assert.Equal(4, _pbx.QueueReads);   // retried after each RetryAfterFailure, not on every call
        var warning = Assert.Single(_log.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning);
        Assert.Contains("403 Forbidden", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Sla:ThresholdSeconds", warning.Message, StringComparison.Ordinal);
        Assert.Equal(30, recovered["800"]);
        Assert.Contains(_log.Collector.GetSnapshot(), e => e.Level == LogLevel.Information && e.Message.Contains("read again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedRefreshKeepsTheSlaTimesReadBefore()
    {
        _pbx.Queues.Add(Queue("800", 30));
        var cache = SlaTimes();
        await cache.GetAsync(CancellationToken.None);

        _pbx.QueuesFailure = Forbidden();
        _time.Advance(QueueSlaTimes.TimeToLive);
        var stale = await cache.GetAsync(CancellationToken.None);

        Assert.Equal(30, stale["800"]);
        Assert.Contains("SLATimes read before", Assert.Single(_log.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning).Message, StringComparison.Ordinal);
    }
}
