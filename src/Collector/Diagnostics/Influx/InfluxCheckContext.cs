using Collector.Configuration;

namespace Collector.Diagnostics.Influx;

/// <summary>What the InfluxDB check steps share: the settings, an HTTP client, and the probe point once written.</summary>
public sealed class InfluxCheckContext(InfluxOptions options, HttpClient http, TimeProvider time)
{
    public InfluxOptions Options { get; } = options;
    public InfluxProbeClient Probe { get; } = new(options, http);
    public TimeProvider Time { get; } = time;

    /// <summary>The probe point written by the write step (a unique id and its timestamp), read back by the query step.</summary>
    public (string Id, DateTimeOffset Timestamp)? Written { get; set; }
}
