using Collector.CallLog.Sync;
using Collector.Cluster;
using Collector.Hosting;
using Collector.Live;
using Collector.Tests.Configuration;
using Collector.Tests.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Quartz;

namespace Collector.Tests.Cluster;

/// <summary>
/// The worker's scheduler on PostgreSQL (a real cluster from <see cref="StateBackends"/>): Quartz's tables created by the
/// first start, processes starting together all joining, the stored jobs replaced by the configured ones at every start.
/// </summary>
[Collection(StateCollection.Name)]
public sealed class ClusterJoinTests(StateBackends backends)
{
    [PostgresFact]
    public async Task ThreeWorkersStartingAtOnceOnAnEmptyDatabaseCreateQuartzsTablesAndAllJoinTheCluster()
    {
        var connectionString = (await backends.NewDatabaseAsync(StateBackends.Postgres)).ConnectionString;
        var values = Settings(connectionString, "main", "branch");

        var schedulers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => JoinAsync(values))));
        try
        {
            var ids = schedulers.Select(s => s.Scheduler.SchedulerInstanceId).ToList();
            Assert.Equal(3, ids.Distinct().Count());   // each a node with its own generated id
            Assert.DoesNotContain("NON_CLUSTERED", ids);
            Assert.Equal(
                [CallLogSyncJob.KeyFor("branch"), CallLogSyncJob.KeyFor("main"), LiveSnapshotJob.KeyFor("branch"), LiveSnapshotJob.KeyFor("main")],
                await StoredJobsAsync(connectionString));
        }
        finally
        {
            foreach (var joined in schedulers) await joined.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task AStartWithoutAPbxDeletesItsStoredJobsAndAChangedIntervalReplacesTheStoredTrigger()
    {
        var connectionString = (await backends.NewDatabaseAsync(StateBackends.Postgres)).ConnectionString;
        await (await JoinAsync(Settings(connectionString, "main", "branch"))).DisposeAsync();

        var values = Settings(connectionString, "main");
        values["Schedules:LiveSnapshotInterval"] = "00:00:03";
        await using var second = await JoinAsync(values);

        Assert.Equal([CallLogSyncJob.KeyFor("main"), LiveSnapshotJob.KeyFor("main")], await StoredJobsAsync(connectionString));
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await second.Scheduler.GetTrigger(new TriggerKey("live-snapshot-main", "live")));
        Assert.Equal(TimeSpan.FromSeconds(3), trigger.RepeatInterval);
    }

    [PostgresFact]
    public async Task ANodeJoiningAClusterWhoseScheduleIsAlreadyTheConfiguredOneWritesNoJobOrTriggerAndAChangedIntervalIsReplaced()
    {
        var connectionString = (await backends.NewDatabaseAsync(StateBackends.Postgres)).ConnectionString;
        var values = Settings(connectionString, "main", "branch", "depot");
        await (await JoinAsync(values)).DisposeAsync();
        var stored = await RowVersionsAsync(connectionString);
        Assert.Equal(6, stored.Count(r => r.Key.StartsWith("trigger ", StringComparison.Ordinal)));   // no extra run at start in a cluster

        await (await JoinAsync(values)).DisposeAsync();

        // Every stored row is the very row version the first node wrote: nothing replaced, nothing rewritten.
        Assert.Equal(stored, await RowVersionsAsync(connectionString));

        values["Schedules:LiveSnapshotInterval"] = "00:00:03";
        await using var changed = await JoinAsync(values);
        var trigger = Assert.IsAssignableFrom<ISimpleTrigger>(await changed.Scheduler.GetTrigger(LiveSnapshotJob.TriggerKeyFor("depot")));
        Assert.Equal(TimeSpan.FromSeconds(3), trigger.RepeatInterval);
        Assert.NotEqual(stored["trigger live.live-snapshot-depot"], (await RowVersionsAsync(connectionString))["trigger live.live-snapshot-depot"]);
    }

    /// <summary>Each stored job's and trigger's row with its PostgreSQL row version (<c>xmin</c>, new on every insert or update) and next fire time.</summary>
    static async Task<Dictionary<string, string>> RowVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT 'job ' || job_group || '.' || job_name, xmin::text FROM qrtz_job_details " +
            "UNION ALL SELECT 'trigger ' || trigger_group || '.' || trigger_name, xmin::text || ' next ' || coalesce(next_fire_time::text, '') FROM qrtz_triggers", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) rows[reader.GetString(0)] = reader.GetString(1);
        return rows;
    }

    static Dictionary<string, string?> Settings(string connectionString, params string[] pbxs)
    {
        var values = new Dictionary<string, string?>
        {
            ["State:Provider"] = "postgres",
            ["State:ConnectionString"] = connectionString,
            ["Reconcile:Enabled"] = "false",
        };
        for (var i = 0; i < pbxs.Length; i++)
        {
            foreach (var (key, value) in SettingsReaderTests.OnePbx())
                values[key.Replace("Pbxs:0:", $"Pbxs:{i}:", StringComparison.Ordinal)] = value;
            values[$"Pbxs:{i}:Name"] = pbxs[i];
        }
        return values;
    }

    /// <summary>Builds the worker and runs only its <see cref="ClusterJoin"/> (the scheduler is created, not started: no job runs).</summary>
    static async Task<Joined> JoinAsync(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = WorkerHost.Build(configuration, SettingsReaderTests.Read(values), new HostHooks());
        var join = host.Services.GetServices<IHostedService>().OfType<ClusterJoin>().Single();
        await join.StartAsync(CancellationToken.None);
        return new Joined(host, await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler());
    }

    static async Task<List<JobKey>> StoredJobsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT job_group, job_name FROM qrtz_job_details ORDER BY job_group, job_name", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<JobKey>();
        while (await reader.ReadAsync()) keys.Add(new JobKey(reader.GetString(1), reader.GetString(0)));
        return keys;
    }

    sealed record Joined(IHost Host, IScheduler Scheduler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Scheduler.Shutdown();
            Host.Dispose();
        }
    }
}
