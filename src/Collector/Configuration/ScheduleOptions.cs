using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>How often the worker's jobs run (configuration keys <c>Schedules:…</c>, durations as <c>hh:mm:ss</c>).</summary>
internal sealed class ScheduleOptions
{
    /// <summary>The smallest live snapshot interval accepted; faster polling only loads the PBX.</summary>
    public static readonly TimeSpan MinimumLiveSnapshotInterval = TimeSpan.FromSeconds(1);

    /// <summary>Live state (active calls, queues, agents) is read this often. Default 5 s, at least 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LiveSnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>New call-log rows are pulled this often. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CallLogSyncInterval { get; set; } = TimeSpan.FromMinutes(1);
}
