using System.Globalization;
using System.Text.Json;
using Collector.Reconcile;

namespace Collector.Cli;

/// <summary>
/// What <c>collector reconcile</c> prints: plain lines (each day's verdict, every difference, every warning, a summary per
/// PBX) or, with <c>--json</c>, one JSON object per line: <c>kpi</c> for every comparison, <c>warning</c>, <c>unfinished</c>,
/// and <c>done</c> per PBX.
/// </summary>
internal abstract class ReconcileOutput
{
    public static ReconcileOutput Text(TextWriter output) => new Lines(output);

    public static ReconcileOutput Json(TextWriter output) => new JsonLines(output);

    /// <summary>Days in the range that are not finished yet and are left out.</summary>
    public abstract void Unfinished(IReadOnlyList<DateOnly> days, TimeSpan settle);

    public abstract void Starting(string pbx, IReadOnlyList<DateOnly> days);

    /// <summary>A day of a PBX was compared (and written).</summary>
    public abstract void Day(ReconcileDayResult day);

    public abstract void Finished(ReconcileRunResult result);

    static string Show(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Number(decimal value) => value.ToString("0.#######", CultureInfo.InvariantCulture);

    sealed class Lines(TextWriter output) : ReconcileOutput
    {
        public override void Unfinished(IReadOnlyList<DateOnly> days, TimeSpan settle) =>
            Write($"Left out, not finished yet (a day counts once it ended {settle:c} ago, Reconcile:SettleDelay): {string.Join(", ", days.Select(Show))}.");

        public override void Starting(string pbx, IReadOnlyList<DateOnly> days) =>
            Write($"Reconciling PBX {pbx} with 3CX's reports: {Show(days[0])} to {Show(days[^1])} (UTC days), {ReconcileKpis.All.Count} KPIs per queue and day.");

        public override void Day(ReconcileDayResult day)
        {
            var differences = day.Differences.ToList();
            var missing = day.NotCompared > 0 ? $", {day.NotCompared} not compared" : "";
            Write($"{day.Day}: {day.Queues} queues, {day.Comparisons.Count} KPIs compared{missing}, " +
                  (differences.Count == 0 ? "all equal." : $"{differences.Count} differ:"));
            foreach (var d in differences)
                Write($"  queue {d.Queue}  {d.Kpi}  ours {Number(d.Ours)}  3CX {Number(d.Theirs)}  difference {Number(d.Difference)}");
        }

        public override void Finished(ReconcileRunResult r)
        {
            foreach (var report in r.Unavailable)
                Write($"Warning: {report.Describe()}");
            foreach (var warning in r.Warnings)
                Write($"Warning: {warning}");
            if (r.Error is not null)
                Write($"PBX {r.Pbx}: reconcile failed after {r.Days.Count} days: {r.Error.Message} The days before the failure are written; run the same command again.");
            else
                Write($"PBX {r.Pbx}: {r.Compared} KPIs compared over {r.Days.Count} days, {r.Differences} differ, {r.NotCompared} not compared; " +
                      $"{r.Points} queue_reconcile points written.");
        }

        void Write(string line)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    sealed class JsonLines(TextWriter output) : ReconcileOutput
    {
        public override void Unfinished(IReadOnlyList<DateOnly> days, TimeSpan settle) =>
            Write(new { @event = "unfinished", days = days.Select(Show), settle_s = settle.TotalSeconds });

        public override void Starting(string pbx, IReadOnlyList<DateOnly> days) { }

        public override void Day(ReconcileDayResult day)
        {
            foreach (var c in day.Comparisons)
                Write(new { @event = "kpi", pbx = c.Pbx, day = c.Day.ToString(), queue = c.Queue, kpi = c.Kpi, ours = c.Ours, theirs = c.Theirs, difference = c.Difference });
        }

        public override void Finished(ReconcileRunResult r)
        {
            foreach (var report in r.Unavailable)
                Write(new { @event = "warning", pbx = r.Pbx, report = ReconcileKpis.Name(report.Report), reason = report.Reason, status = report.Status, kpis = ReconcileKpis.From(report.Report) });
            foreach (var warning in r.Warnings)
                Write(new { @event = "warning", pbx = r.Pbx, reason = warning });
            Write(new
            {
                @event = r.Error is null ? "done" : "failed",
                pbx = r.Pbx,
                result = r.ResultTag,
                days = r.Days.Select(d => d.Day.ToString()),
                compared = r.Compared,
                differences = r.Differences,
                not_compared = r.NotCompared,
                points = r.Points,
                error = r.Error?.Message,
            });
        }

        void Write(object value)
        {
            output.WriteLine(JsonSerializer.Serialize(value));
            output.Flush();
        }
    }
}
