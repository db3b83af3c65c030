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
    /// batch. A batch that fails transiently (429, 5xx, timeout, no connection) is sent again up to
    /// <c>MaxRetries</c> times after the back-off (for call-log windows, which are read again when this fails).
    /// Lines InfluxDB rejects as malformed (400/422) are dropped, logged and counted; the rest are
    /// written. Any other failure throws <see cref="InfluxWriteException"/>; the batches before it may be
    /// stored already, so a caller that retries sends them again, which overwrites them (same series and
    /// timestamp) and adds nothing.
    /// </summary>
    Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="WriteAsync"/>, but a transient failure throws at once instead of being retried (with
    /// InfluxDB's <c>Retry-After</c> in <see cref="InfluxWriteException.RetryAfter"/>): for callers that own the
    /// back-off (the outbox flusher) or have a better place for the points than waiting (live snapshots go to the
    /// outbox). Splitting a too-large batch, dropping malformed lines and creating the database work as in
    /// <see cref="WriteAsync"/>.
    /// </summary>
    Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken);

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
