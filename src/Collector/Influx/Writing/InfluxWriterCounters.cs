namespace Collector.Influx.Writing;

/// <summary>A moment's copy of the writer's counters (totals since start), for the <c>collector</c> measurement.</summary>
internal readonly record struct InfluxWriterStats(
    long PointsWritten,
    long Batches,
    long Retries,
    long LinesDropped,
    long Splits,
    long DatabasesCreated,
    long FailedWrites,
    long CharactersReplaced = 0);

/// <summary>
/// Running totals of the writer, safe to read from any thread. <see cref="InfluxWriterStats.Batches"/>
/// counts acknowledged requests; <see cref="InfluxWriterStats.Splits"/> every halving of a batch (413, or a
/// 400 being narrowed down to its bad lines); <see cref="InfluxWriterStats.LinesDropped"/> lines InfluxDB
/// rejected for good; <see cref="InfluxWriterStats.CharactersReplaced"/> characters the encoder could not carry and
/// replaced (see <c>LineProtocolEscaper</c>) in the lines given to the writer.
/// </summary>
internal sealed class InfluxWriterCounters
{
    long _pointsWritten;
    long _batches;
    long _retries;
    long _linesDropped;
    long _splits;
    long _databasesCreated;
    long _failedWrites;
    long _charactersReplaced;

    public InfluxWriterStats Snapshot() => new(
        Interlocked.Read(ref _pointsWritten),
        Interlocked.Read(ref _batches),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _linesDropped),
        Interlocked.Read(ref _splits),
        Interlocked.Read(ref _databasesCreated),
        Interlocked.Read(ref _failedWrites),
        Interlocked.Read(ref _charactersReplaced));

    internal void BatchWritten(int points)
    {
        Interlocked.Add(ref _pointsWritten, points);
        Interlocked.Increment(ref _batches);
    }

    internal void Retried() => Interlocked.Increment(ref _retries);

    internal void LineDropped() => Interlocked.Increment(ref _linesDropped);

    internal void Split() => Interlocked.Increment(ref _splits);

    internal void DatabaseCreated() => Interlocked.Increment(ref _databasesCreated);

    internal void WriteFailed() => Interlocked.Increment(ref _failedWrites);

    /// <returns>True for the first replacement since start.</returns>
    internal bool Replaced(int count) => Interlocked.Add(ref _charactersReplaced, count) == count;
}
