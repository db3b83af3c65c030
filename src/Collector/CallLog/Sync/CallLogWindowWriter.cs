using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;

namespace Collector.CallLog.Sync;

/// <summary>What writing one window achieved.</summary>
/// <param name="Rows">Call-log rows read for the window (its margins included).</param>
/// <param name="Calls">Calls that started in the window and were written.</param>
/// <param name="Points">Points InfluxDB acknowledged (written or, if malformed, dropped by the writer).</param>
/// <param name="LinesDropped">Points InfluxDB rejected as malformed (logged by the writer).</param>
/// <param name="UnknownValues">Unknown Direction/CallType/Status values the normaliser met in these rows.</param>
internal sealed record WindowResult(CallWindow Window, int Rows, int Calls, int Points, int LinesDropped, long UnknownValues);

/// <summary>
/// The step the sync and the backfill share: normalise a window's rows into calls, keep the calls that STARTED in
/// the window (the rows around it only serve to see each call whole and to recognise calls that began earlier),
/// turn them into points and write them, returning only when InfluxDB acknowledged every point.
/// Rewriting a call gives the same points (same tags, deterministic timestamps), so it overwrites, never adds.
/// Passages are classified with their queue's T: the configured <see cref="Kpi"/> with the PBX's SLATimes
/// (<see cref="QueueSlaTimes"/>, read only when the window has a passage to write).
/// </summary>
internal sealed class CallLogWindowWriter(IInfluxWriter writer, KpiSettings kpi)
{
    /// <summary>The configured KPI settings, before the PBX's SLATimes are added.</summary>
    public KpiSettings Kpi { get; } = kpi ?? throw new ArgumentNullException(nameof(kpi));

    /// <summary>Throws <see cref="InfluxWriteException"/> when InfluxDB did not take the points (nothing to checkpoint then).</summary>
    public async Task<WindowResult> WriteAsync(PbxCallLog source, CallWindow window, IReadOnlyCollection<Collector.ThreeCx.CallLogRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(rows);
        var unknownBefore = source.Normaliser.Unknown.Total;
        var inWindow = source.Normaliser.Normalise(rows).Where(call => window.Contains(call.Start)).ToList();
        var kpi = inWindow.Exists(call => call.Passages.Count > 0) ? Kpi.WithSlaTimes(await source.SlaTimes.GetAsync(cancellationToken)) : Kpi;
        var calls = inWindow.Count;
        var points = CallPoints.For(source.Name, inWindow, kpi); // one write: timestamps distinct across all its calls
        var unknown = source.Normaliser.Unknown.Total - unknownBefore;

        var result = points.Count == 0 ? InfluxWriteResult.Nothing : await writer.WriteAsync(points, cancellationToken);
        return new WindowResult(window, rows.Count, calls, points.Count, result.LinesDropped, unknown);
    }
}
