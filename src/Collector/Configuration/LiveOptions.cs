using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// How the live snapshot job reads a PBX (configuration keys <c>Live:…</c>, durations as <c>hh:mm:ss</c>).
/// Active calls are read on every run; the entities below change less often and are cached for a while, so a
/// snapshot usually costs one or two requests. A TTL of <c>00:00:00</c> reads the entity on every run.
/// docs/live-state.md explains the rules and the costs.
/// </summary>
internal sealed class LiveOptions
{
    /// <summary>Queues and their members (<c>Queues?$expand=Agents</c>) are read again after this long. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan QueuesCacheTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Users (registration, profile, queue log-in; <c>$select</c> of those fields) are read again after this long.
    /// Presence changes show on the wallboard at most this much late. Default 15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UsersCacheTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><c>SystemStatus</c> (registered extensions and trunks) is read again after this long. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SystemStatusCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a snapshot's direct write to InfluxDB may take before its points go to the outbox instead (the
    /// outbox flusher sends them later with their original timestamps). Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan DirectWriteTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
