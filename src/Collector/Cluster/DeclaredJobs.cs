using Quartz;

namespace Collector.Cluster;

/// <summary>The jobs this process's configuration declares (one per enabled PBX and kind): every other stored job is stale.</summary>
internal sealed class DeclaredJobs(IEnumerable<JobKey> keys)
{
    readonly HashSet<JobKey> _keys = [.. keys];

    public IReadOnlyCollection<JobKey> Keys => _keys;

    /// <summary>The stored jobs this configuration no longer declares (a PBX removed or disabled, the reconcile switched off), in key order.</summary>
    public IReadOnlyList<JobKey> StaleAmong(IEnumerable<JobKey> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return [.. stored.Where(key => !_keys.Contains(key)).OrderBy(key => key.Group, StringComparer.Ordinal).ThenBy(key => key.Name, StringComparer.Ordinal)];
    }
}
