using Collector.Influx.LineProtocol;

namespace Collector.Influx.Writing;

/// <summary>What one <see cref="IInfluxWriter.WriteAsync"/> achieved: every line is either written or dropped.</summary>
internal sealed record InfluxWriteResult(int LinesWritten, int LinesDropped, int Requests)
{
    public static InfluxWriteResult Nothing { get; } = new(0, 0, 0);
}

/// <summary>Writes line protocol to InfluxDB.</summary>
internal interface IInfluxWriter
{
    /// <summary>
    /// Sends the lines in batches of <c>BatchSize</c> and returns only when InfluxDB acknowledged every
    /// batch. Lines InfluxDB rejects as malformed (400/422) are dropped, logged and counted; the rest are
    /// written. Any other failure throws <see cref="InfluxWriteException"/>; the batches before it may be
    /// stored already, so a caller that retries sends them again, which overwrites them (same series and
    /// timestamp) and adds nothing.
    /// </summary>
    Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken);

    /// <summary>Totals since start.</summary>
    InfluxWriterCounters Counters { get; }
}

internal static class InfluxWriterExtensions
{
    /// <summary>Encodes the points and writes them (see <see cref="IInfluxWriter.WriteAsync"/>).</summary>
    public static Task<InfluxWriteResult> WriteAsync(this IInfluxWriter writer, IEnumerable<PointData> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        return writer.WriteAsync(LineBatch.From(points), cancellationToken);
    }
}
