using Collector.Live;
using Collector.Live.Collection;
using Collector.ThreeCx;
using Microsoft.Extensions.Time.Testing;
using static Collector.Tests.Live.Support.LiveWorld;

namespace Collector.Tests.Live;

/// <summary>The small parts of a run that depend on time: the PBX clock, the caches, the late-fire rule.</summary>
public sealed class LiveCollectionUnitTests
{
    [Fact]
    public void ThePbxNowIsTheLatestServerNowOfTheActiveCalls()
    {
        var clock = new PbxClock();
        ActiveCall[] calls = [Call("+49", "800 Sales", "Ringing") with { ServerNow = Now.AddSeconds(-1) }, Call("+49", "800 Sales", "Ringing")];

        var serverNow = clock.ServerNow(calls, Now.AddMinutes(-5));

        Assert.Equal(Now, serverNow);
        Assert.Equal(TimeSpan.FromMinutes(5), clock.Offset);
    }

    [Fact]
    public void WithoutActiveCallsTheLastSeenOffsetIsAppliedToOurClock()
    {
        var clock = new PbxClock();
        var local = Now.AddMinutes(-5);

        var before = clock.ServerNow([], local);
        clock.ServerNow([Call("+49", "800 Sales", "Ringing")], local);
        var after = clock.ServerNow([], local.AddSeconds(7));

        Assert.Equal(local, before);
        Assert.Equal(Now.AddSeconds(7), after);
    }

    [Fact]
    public async Task ACachedEntityIsReadAgainOnlyAfterItsTimeToLive()
    {
        var time = new FakeTimeProvider(Now);
        var cache = new CachedEntity<string>(TimeSpan.FromSeconds(30), time);
        var reads = 0;
        Task<string> Read(CancellationToken _) => Task.FromResult($"v{++reads}");

        var first = await cache.GetAsync(Read, default);
        time.Advance(TimeSpan.FromSeconds(29));
        var second = await cache.GetAsync(Read, default);
        time.Advance(TimeSpan.FromSeconds(1));
        var third = await cache.GetAsync(Read, default);

        Assert.Equal([("v1", true), ("v1", false), ("v2", true)], new[] { first, second, third });
    }

    [Fact]
    public async Task AZeroTimeToLiveReadsEveryTime()
    {
        var cache = new CachedEntity<string>(TimeSpan.Zero, new FakeTimeProvider(Now));
        var reads = 0;
        Task<string> Read(CancellationToken _) => Task.FromResult($"v{++reads}");

        await cache.GetAsync(Read, default);
        var second = await cache.GetAsync(Read, default);

        Assert.Equal(("v2", true), second);
    }

    [Fact]
    public async Task AFailedReadOfAnExpiredEntityFailsAndTheNextReadTriesAgain()
    {
        var time = new FakeTimeProvider(Now);
        var cache = new CachedEntity<string>(TimeSpan.FromSeconds(30), time);
        await cache.GetAsync(_ => Task.FromResult("v1"), default);
        time.Advance(TimeSpan.FromMinutes(1));

        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync(_ => Task.FromException<string>(new TimeoutException()), default));
        var next = await cache.GetAsync(_ => Task.FromResult("v2"), default);

        Assert.Equal(("v2", true), next);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(4_999, false)]
    [InlineData(5_000, true)]
    [InlineData(12_000, true)]
    public void AFireAWholeIntervalLateIsSkipped(int lateMs, bool skipped) =>
        Assert.Equal(skipped, LiveSnapshotJob.IsLate(Now, Now.AddMilliseconds(lateMs), TimeSpan.FromSeconds(5)));
}
