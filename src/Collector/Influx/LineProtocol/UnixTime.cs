namespace Collector.Influx.LineProtocol;

/// <summary>The one conversion of an instant to InfluxDB's timestamp: nanoseconds since the Unix epoch.</summary>
internal static class UnixTime
{
    /// <summary>
    /// Nanoseconds since 1970-01-01T00:00:00Z (exact: .NET ticks are 100 ns). Line protocol's range ends in 2262: a later
    /// instant throws <see cref="OverflowException"/>.
    /// </summary>
    public static long Nanoseconds(DateTimeOffset instant) => checked((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
}
