using System.Diagnostics;
using Collector.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Collector.Cluster;

/// <summary>
/// On PostgreSQL, before Quartz's hosted service starts the scheduler: under a PostgreSQL advisory lock, so that processes
/// started together take turns, creates the scheduler, which creates Quartz's tables when they are missing and stores the
/// jobs and triggers this configuration declares; then deletes the stored jobs it no longer declares (a PBX removed or
/// disabled). Every node of a cluster should have the same PBXs and schedules: the last one started wins.
/// <para>Joining is cheap: each stored job or trigger Quartz replaces is a transaction of its own on Quartz's trigger lock,
/// contended by the running nodes (a minute or more for 20 PBXs on a busy machine). So the stored triggers' schedules are
/// read first (one query): when every declared trigger that is stored has the configured schedule, what is stored is
/// kept as it is (Quartz passes over it, <see cref="SchedulingOptions.IgnoreDuplicates"/>) and only what is missing is
/// stored (a PBX added); only when a schedule changed (an interval, the reconcile's time) is every declared job and
/// trigger replaced, as before.</para>
/// </summary>
internal sealed partial class ClusterJoin(
    ISchedulerFactory schedulers, DeclaredJobs declared, CollectorSettings settings, IOptions<QuartzOptions> quartz,
    IOptionsMonitor<QuartzOptions> quartzByName, ILogger<ClusterJoin> logger) : IHostedService
{
    /// <summary>The advisory lock's key (any 64-bit number no other code in the database uses: "3CXQRTZ" in ASCII).</summary>
    public const long LockKey = 0x33_43_58_51_52_54_5A;

    /// <summary>The most stale jobs named in the log line (the count says how many there were).</summary>
    const int MaxNamesLogged = 10;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(settings.State.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        if (!await LockAsync(connection, "SELECT pg_try_advisory_lock(@key)", cancellationToken))
        {
            // Another process is creating the tables or storing its jobs (a minute or more for many PBXs on a busy
            // database): wait as long as it takes, no command timeout; a stop cancels the wait.
            LogWaiting(logger);
            await LockAsync(connection, "SELECT pg_advisory_lock(@key)::text = ''", cancellationToken);
        }
        try
        {
            var joining = Stopwatch.StartNew();
            var changed = declared.ChangedAmong(await StoredSchedulesAsync(connection, cancellationToken));
            if (changed.Count == 0)
                KeepStored();   // before the scheduler is created: that is when Quartz stores the declared jobs and triggers
            else
                LogReplacing(logger, changed.Count, string.Join(", ", changed.Take(MaxNamesLogged).Select(key => key.ToString())));
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var stored = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken);
            var stale = declared.StaleAmong(stored);
            if (stale.Count > 0)
            {
                await scheduler.DeleteJobs(stale, cancellationToken);
                LogDeleted(logger, stale.Count, string.Join(", ", stale.Take(MaxNamesLogged).Select(key => key.ToString())));
            }
            LogJoined(logger, scheduler.SchedulerInstanceId, declared.Keys.Count, settings.State.ClusterCheckinInterval + settings.State.ClusterCheckinMisfireThreshold,
                joining.Elapsed.TotalMilliseconds);
        }
        finally
        {
            await LockAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Quartz passes over a declared job or trigger that is already stored instead of replacing it.</summary>
    void KeepStored()
    {
        foreach (var options in new[] { quartz.Value, quartzByName.CurrentValue })
        {
            options.Scheduling.OverwriteExistingData = false;
            options.Scheduling.IgnoreDuplicates = true;
        }
    }

    /// <summary>The schedule of every stored trigger of this cluster (none before Quartz created its tables).</summary>
    static async Task<Dictionary<TriggerKey, StoredSchedule>> StoredSchedulesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string Sql = """
            SELECT t.trigger_name, t.trigger_group, s.repeat_interval, c.cron_expression
            FROM qrtz_triggers t
            LEFT JOIN qrtz_simple_triggers s ON s.sched_name = t.sched_name AND s.trigger_name = t.trigger_name AND s.trigger_group = t.trigger_group
            LEFT JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
            WHERE t.sched_name = @scheduler
            """;
        var stored = new Dictionary<TriggerKey, StoredSchedule>();
        try
        {
            await using var command = new NpgsqlCommand(Sql, connection);
            command.Parameters.AddWithValue("scheduler", QuartzJobStore.SchedulerName);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                stored[new TriggerKey(reader.GetString(0), reader.GetString(1))] = new StoredSchedule(
                    reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetString(3));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The first node of a new cluster: Quartz creates its tables with the scheduler.
        }
        return stored;
    }

    /// <summary>Runs one of PostgreSQL's advisory lock functions on <see cref="LockKey"/>, without a command timeout; its boolean answer.</summary>
    static async Task<bool> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another collector process to finish setting up the shared schedule (Quartz's tables and jobs)")]
    static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quartz cluster on PostgreSQL: this process is node {InstanceId}; {Jobs} jobs declared, each run by one node at a time; a node that stops checking in is taken over after about {Failover}; joined in {JoinMs:F0} ms")]
    static partial void LogJoined(ILogger logger, string instanceId, int jobs, TimeSpan failover, double joinMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "The configured schedule differs from the cluster's stored one for {Count} triggers (the first ones: {Triggers}); replacing every declared job and trigger")]
    static partial void LogReplacing(ILogger logger, int count, string triggers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} stored jobs the configuration no longer declares (the first ones: {Jobs})")]
    static partial void LogDeleted(ILogger logger, int count, string jobs);
}
