using Quartz;

namespace Collector.Cluster;

/// <summary>
/// The jobs this process's configuration declares (one per enabled PBX and kind): every other stored job is stale. With
/// their recurring triggers' schedules, so that a node joining a cluster can tell whether the stored schedule is already
/// the configured one (<see cref="ClusterJoin"/>).
/// </summary>
internal sealed class DeclaredJobs(IEnumerable<JobKey> keys, IEnumerable<DeclaredTrigger>? triggers = null)
{
    readonly HashSet<JobKey> _keys = [.. keys];

    public IReadOnlyCollection<JobKey> Keys => _keys;

    /// <summary>The recurring triggers of the declared jobs, with their schedules.</summary>
    public IReadOnlyList<DeclaredTrigger> Triggers { get; } = [.. triggers ?? []];

    /// <summary>The stored jobs this configuration no longer declares (a PBX removed or disabled, the reconcile switched off), in key order.</summary>
    public IReadOnlyList<JobKey> StaleAmong(IEnumerable<JobKey> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return [.. stored.Where(key => !_keys.Contains(key)).OrderBy(key => key.Group, StringComparer.Ordinal).ThenBy(key => key.Name, StringComparer.Ordinal)];
    }

    /// <summary>The declared triggers that are stored with another schedule than the configured one (a changed interval), in key order.</summary>
    public IReadOnlyList<TriggerKey> ChangedAmong(IReadOnlyDictionary<TriggerKey, StoredSchedule> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return [.. Triggers.Where(t => stored.TryGetValue(t.Key, out var schedule) && !t.IsStoredAs(schedule)).Select(t => t.Key)
            .OrderBy(key => key.Group, StringComparer.Ordinal).ThenBy(key => key.Name, StringComparer.Ordinal)];
    }
}

/// <summary>A declared recurring trigger: a simple one every <see cref="Interval"/>, or a cron one on <see cref="Cron"/>.</summary>
internal sealed record DeclaredTrigger(TriggerKey Key, TimeSpan? Interval, string? Cron)
{
    /// <summary>Whether the stored schedule is this one.</summary>
    public bool IsStoredAs(StoredSchedule stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (Cron is not null)
            return string.Equals(stored.Cron, Cron, StringComparison.Ordinal);
        // Quartz.NET stores a simple trigger's interval as milliseconds or as ticks, by version: either says "the same".
        return Interval is { } interval && stored.RepeatInterval is { } value
            && (value == (long)interval.TotalMilliseconds || value == interval.Ticks);
    }
}

/// <summary>What Quartz's tables hold for a trigger: a simple trigger's repeat interval (as stored) or a cron expression.</summary>
internal sealed record StoredSchedule(long? RepeatInterval, string? Cron);
