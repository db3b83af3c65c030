using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Collector.Tests.Hosting;

/// <summary>Many PBXs: each PBX's jobs fire in its own stable slot of the interval, and every job has a slot of its own in Quartz.</summary>
public sealed class PbxScheduleTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 1, 2, 3, 456, TimeSpan.Zero);

    static Dictionary<string, string?> Pbxs(int count)
    {
        var values = new Dictionary<string, string?>();
        for (var i = 0; i < count; i++)
        {
            values[$"Pbxs:{i}:Name"] = $"pbx{i:000}";
            values[$"Pbxs:{i}:BaseUrl"] = $"http://127.0.0.1:{6000 + i}";
            values[$"Pbxs:{i}:ClientId"] = "collector";
            values[$"Pbxs:{i}:ClientSecret"] = SettingsReaderTests.Secret;
        }
        return values;
    }

    [Fact]
    public void APbxsOffsetIsStableAndWithinTheInterval()
    {
        var interval = TimeSpan.FromSeconds(5);
        var offset = PbxScheduleOffset.Within("north", interval);
        Assert.Equal(offset, PbxScheduleOffset.Within("north", interval));
        Assert.InRange(offset, TimeSpan.Zero, interval - TimeSpan.FromMilliseconds(1));
        Assert.NotEqual(offset, PbxScheduleOffset.Within("south", interval));
    }

    [Fact]
    public void TheFirstFireIsTheNextInstantInThePbxsSlotAndTheSameSlotAfterARestart()
    {
        var interval = TimeSpan.FromMinutes(1);
        var first = PbxScheduleOffset.FirstFire("north", interval, Now);
        var afterRestart = PbxScheduleOffset.FirstFire("north", interval, Now.AddMinutes(7).AddSeconds(13));

        Assert.InRange(first, Now, Now + interval - TimeSpan.FromTicks(1));
        Assert.Equal(PbxScheduleOffset.Within("north", interval), TimeSpan.FromTicks((first - DateTimeOffset.UnixEpoch).Ticks % interval.Ticks));
        Assert.Equal(0, (afterRestart - first).Ticks % interval.Ticks);
    }

    [Fact]
    public async Task AHundredPbxsLiveSnapshotsAreSpreadOverTheIntervalNotFiredOnTheSameSecond()
    {
        var values = Pbxs(100);
        values["Schedules:LiveSnapshotInterval"] = "00:00:05";
        var triggers = await TriggersAsync(values, "live");

        Assert.Equal(100, triggers.Count);
        // Which of the interval's 5 seconds each PBX fires in: about 20 each, never most of them on one second.
        var perSecond = triggers.GroupBy(t => (t.StartTimeUtc - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromSeconds(5).Ticks / TimeSpan.TicksPerSecond).ToList();
        Assert.Equal(5, perSecond.Count);
        Assert.All(perSecond, second => Assert.InRange(second.Count(), 5, 40));
    }

    [Fact]
    public async Task ACallLogSyncRunsAtStartAndThenInThePbxsSlot()
    {
        var triggers = await TriggersAsync(Pbxs(2), CallLogSyncJob.Group);

        var ofFirst = triggers.Where(t => t.JobKey.Equals(CallLogSyncJob.KeyFor("pbx000"))).ToList();
        Assert.Equal(2, ofFirst.Count);
        var repeating = Assert.Single(ofFirst.OfType<ISimpleTrigger>(), t => t.RepeatCount == -1);   // -1: repeat forever
        Assert.Equal(PbxScheduleOffset.Within("pbx000", TimeSpan.FromMinutes(1)),
            TimeSpan.FromTicks((repeating.StartTimeUtc - DateTimeOffset.UnixEpoch).Ticks % TimeSpan.FromMinutes(1).Ticks));
        var atStart = Assert.Single(ofFirst.OfType<ISimpleTrigger>(), t => t.RepeatCount == 0);
        Assert.True(atStart.StartTimeUtc <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public void EveryJobOfEveryPbxHasASlotInQuartzSoAHangingPbxCannotHoldAnothersBack()
    {
        var settings = SettingsReaderTests.Read(Pbxs(100));
        Assert.Equal(300, JobConcurrency.For(settings));   // call-log sync, live snapshot, reconcile
        Assert.Equal(JobConcurrency.Minimum, JobConcurrency.For(SettingsReaderTests.Read(Pbxs(1))));
    }

    static async Task<List<ITrigger>> TriggersAsync(Dictionary<string, string?> values, string group)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = SettingsReaderTests.Read(values);
        using var host = WorkerHost.Build(configuration, settings, new HostHooks());
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            var triggers = new List<ITrigger>();
            foreach (var key in await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals(group)))
                triggers.Add((await scheduler.GetTrigger(key))!);
            return triggers;
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }
}
