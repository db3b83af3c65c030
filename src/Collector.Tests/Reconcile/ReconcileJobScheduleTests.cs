using Collector.Hosting;
using Collector.Reconcile;
using Collector.Tests.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Collector.Tests.Reconcile;

/// <summary>The worker schedules one reconcile job per enabled PBX, daily at <c>Reconcile:RunAt</c> UTC, unless it is switched off.</summary>
public sealed class ReconcileJobScheduleTests
{
    [Fact]
    public async Task EachEnabledPbxGetsADailyReconcileTriggerAtRunAtUtc()
    {
        var values = SettingsReaderTests.OnePbx();
        values["Reconcile:RunAt"] = "04:15:00";

        var trigger = await TriggerAsync(values, "main");

        var cron = Assert.IsAssignableFrom<ICronTrigger>(trigger);
        Assert.Equal("0 15 4 * * ?", cron.CronExpressionString);
        Assert.Equal(TimeZoneInfo.Utc, cron.TimeZone);
        Assert.Equal(ReconcileJob.KeyFor("main"), trigger!.JobKey);
    }

    [Fact]
    public async Task WithReconcileSwitchedOffThereIsNoReconcileJob()
    {
        var values = SettingsReaderTests.OnePbx();
        values["Reconcile:Enabled"] = "false";

        Assert.Null(await TriggerAsync(values, "main"));
    }

    [Fact]
    public async Task WithInfluxDbsV2ApiThereIsNoReconcileJobForOurPointsCannotBeReadBackThere()
    {
        var values = SettingsReaderTests.OnePbx();
        values["Influx:ApiVersion"] = "v2";
        values["Influx:Org"] = "acme";
        values["Influx:Bucket"] = "calls";
        values["Influx:Token"] = "token";

        Assert.Null(await TriggerAsync(values, "main"));
    }

    static async Task<ITrigger?> TriggerAsync(Dictionary<string, string?> values, string pbx)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var settings = SettingsReaderTests.Read(values);
        using var host = WorkerHost.Build(configuration, settings, new HostHooks());
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        try
        {
            return await scheduler.GetTrigger(new TriggerKey($"{ReconcileJob.KeyFor(pbx).Name}-trigger", ReconcileJob.Group));
        }
        finally
        {
            await scheduler.Shutdown();
        }
    }
}
