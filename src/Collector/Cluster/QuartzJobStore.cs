using Collector.Configuration;
using Quartz;

namespace Collector.Cluster;

/// <summary>
/// Which job store the worker's Quartz scheduler keeps its jobs and triggers in, from <c>State:Provider</c>:
/// <list type="bullet">
/// <item>SQLite (one process): Quartz's in-memory store. The jobs are declared from configuration at every start, so
/// there is nothing to keep; a second process on the same SQLite file would run every job a second time, and SQLite is
/// a file on one machine anyway.</item>
/// <item>PostgreSQL (one or more processes on one database): Quartz's ADO.NET store in that database, clustered. Every
/// process is a node with its own generated instance id; each firing is claimed by one node in the database, a job
/// (<c>[DisallowConcurrentExecution]</c>) never runs on two nodes at once, and a node that stops checking in is taken
/// for dead after <see cref="StateOptions.ClusterCheckinInterval"/> + <see cref="StateOptions.ClusterCheckinMisfireThreshold"/>:
/// the others recover its triggers. Job data is stored as JSON (System.Text.Json). Quartz creates its own tables when
/// they are missing (<see cref="ClusterJoin"/> makes the processes take turns at it).</item>
/// </list>
/// </summary>
internal static class QuartzJobStore
{
    /// <summary>The scheduler's name, shared by every node of a cluster (the <c>sched_name</c> column of Quartz's tables).</summary>
    public const string SchedulerName = "threecx-collector";

    /// <summary>
    /// How late a trigger may fire before it counts as misfired and follows its misfire instruction (the live snapshot and
    /// the call-log sync skip to their next time; the reconcile runs once). The in-memory store's default, kept for the
    /// persistent one (whose own default, a minute, would let a trigger recovered from a dead node fire back to back
    /// until it caught up).
    /// </summary>
    public static readonly TimeSpan MisfireThreshold = TimeSpan.FromSeconds(5);

    /// <summary>Whether the worker's scheduler is a cluster node (its state is on PostgreSQL).</summary>
    public static bool IsClustered(StateOptions state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Provider == StateProvider.Postgres;
    }

    /// <summary>Configures <paramref name="quartz"/>'s job store for <paramref name="state"/>.</summary>
    public static void Use(IQuartzBuilder quartz, StateOptions state)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        ArgumentNullException.ThrowIfNull(state);
        if (!IsClustered(state))
            return;   // Quartz's default: the in-memory store (its misfire threshold is 5 s too)
        quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
        quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(state.ConnectionString);
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = state.ClusterCheckinInterval;
                cluster.CheckinMisfireThreshold = state.ClusterCheckinMisfireThreshold;
            });
            store.UseSystemTextJsonSerializer();
            store.ProvisionSchema();
            store.ConfigureStore(options => options.MisfireThreshold = MisfireThreshold);
        });
    }
}
