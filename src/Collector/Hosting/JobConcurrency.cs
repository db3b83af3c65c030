using Collector.Configuration;
using Collector.Reconcile;

namespace Collector.Hosting;

/// <summary>
/// How many jobs Quartz runs at once: one slot for every job of every enabled PBX (call-log sync, live snapshot and,
/// when it runs, reconcile), at least Quartz's default of 10. No job runs twice at once
/// (<c>DisallowConcurrentExecution</c>), so a PBX that hangs holds only its own slots and never delays another PBX's
/// fire. Quartz's default pool runs jobs as tasks on the .NET thread pool, so an idle slot costs nothing.
/// </summary>
internal static class JobConcurrency
{
    /// <summary>Quartz's own default, kept as the floor.</summary>
    public const int Minimum = 10;

    public static int For(CollectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var jobsPerPbx = ReconcileJob.Runs(settings) ? 3 : 2;
        return Math.Max(Minimum, settings.EnabledPbxs.Count() * jobsPerPbx);
    }
}
