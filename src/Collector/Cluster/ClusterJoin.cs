using Collector.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Collector.Cluster;

/// <summary>
/// On PostgreSQL, before Quartz's hosted service starts the scheduler: under a PostgreSQL advisory lock, so that processes
/// started together take turns, creates the scheduler, which creates Quartz's tables when they are missing and replaces
/// the stored jobs and triggers with the ones this configuration declares (a changed interval takes effect); then deletes
/// the stored jobs it no longer declares (a PBX removed or disabled). Every node of a cluster should have the same PBXs
/// and schedules: the last one started wins.
/// </summary>
internal sealed partial class ClusterJoin(
    ISchedulerFactory schedulers, DeclaredJobs declared, CollectorSettings settings, ILogger<ClusterJoin> logger) : IHostedService
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
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var stored = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), cancellationToken);
            var stale = declared.StaleAmong(stored);
            if (stale.Count > 0)
            {
                await scheduler.DeleteJobs(stale, cancellationToken);
                LogDeleted(logger, stale.Count, string.Join(", ", stale.Take(MaxNamesLogged).Select(key => key.ToString())));
            }
            LogJoined(logger, scheduler.SchedulerInstanceId, declared.Keys.Count, settings.State.ClusterCheckinInterval + settings.State.ClusterCheckinMisfireThreshold);
        }
        finally
        {
            await LockAsync(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs one of PostgreSQL's advisory lock functions on <see cref="LockKey"/>, without a command timeout; its boolean answer.</summary>
    static async Task<bool> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another collector process to finish setting up the shared schedule (Quartz's tables and jobs)")]
    static partial void LogWaiting(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quartz cluster on PostgreSQL: this process is node {InstanceId}; {Jobs} jobs declared, each run by one node at a time; a node that stops checking in is taken over after about {Failover}")]
    static partial void LogJoined(ILogger logger, string instanceId, int jobs, TimeSpan failover);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} stored jobs the configuration no longer declares (the first ones: {Jobs})")]
    static partial void LogDeleted(ILogger logger, int count, string jobs);
}
