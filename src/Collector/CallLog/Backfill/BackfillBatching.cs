using Collector.CallLog.Sync;

namespace Collector.CallLog.Backfill;

/// <summary>
/// How a backfill shares its round trips to InfluxDB between consecutive windows (<see cref="WindowBatch"/>). Not a
/// setting: the defaults are measured (docs/benchmarks.md, Backfill); a test sets <see cref="PointsPerWrite"/> to 1 to
/// see each window written on its own.
/// </summary>
internal sealed class BackfillBatching
{
    /// <summary>What InfluxDB stores is read once for the windows of at most this span (at least one window): a day.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The windows' points are written once this many are pending (InfluxDB's advice: 5 000–10 000 a request).</summary>
    public int PointsPerWrite { get; init; } = 5000;
}
