using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Collector.CallLog.Backfill;
using Collector.CallLog.Sync;
using Spectre.Console;

namespace Collector.Cli;

/// <summary>
/// How <c>collector backfill</c> shows its progress: a live Spectre.Console bar with rows/s and ETA on a terminal
/// (<see cref="Live"/>), one plain line per window when the output is redirected (<see cref="Lines"/>), or one JSON
/// object per window and per PBX with <c>--json</c> (<see cref="Json"/>); the last two write the lines of a quarter of a
/// second together (<see cref="Batched"/>).
/// </summary>
internal abstract class BackfillOutput
{
    public static BackfillOutput Live(IAnsiConsole console) => new LiveBar(console);

    /// <summary>Plain lines, never wrapped (for log files and pipes).</summary>
    public static BackfillOutput Lines(TextWriter output, TimeProvider? time = null) => new PlainLines(new Batched(output, time ?? TimeProvider.System));

    public static BackfillOutput Json(TextWriter output, TimeProvider? time = null) => new JsonLines(new Batched(output, time ?? TimeProvider.System));

    /// <summary>
    /// The lines of <see cref="Lines"/> and <see cref="Json"/>: window lines that come less than an <see cref="Batched.Interval"/>
    /// apart are written together, at most that late (one write, not one per window: a write to a pipe per window cost
    /// a 1 M-row backfill about 2 % of its CPU); every other line at once, after the window lines still waiting, and
    /// all of them when a run ends, however it ends.
    /// </summary>
    internal sealed class Batched(TextWriter output, TimeProvider time)
    {
        /// <summary>A window's line waits at most this long to be written.</summary>
        public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

        readonly Lock _lock = new();
        readonly StringBuilder _pending = new();
        long _writtenAt = time.GetTimestamp();
        ITimer? _timer;
        bool _scheduled;

        /// <summary>A window's line: written at once when the last write is an interval old, else with the others of the interval.</summary>
        public void Window(string line)
        {
            lock (_lock)
            {
                _pending.Append(line).Append(output.NewLine);
                var since = time.GetElapsedTime(_writtenAt);
                if (since >= Interval)
                    FlushLocked();
                else if (!_scheduled)
                {
                    _timer ??= time.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    _timer.Change(Interval - since, Timeout.InfiniteTimeSpan);
                    _scheduled = true;
                }
            }
        }

        /// <summary>Any other line: written now, after the window lines still waiting.</summary>
        public void Line(string line)
        {
            lock (_lock)
            {
                _pending.Append(line).Append(output.NewLine);
                FlushLocked();
            }
        }

        /// <summary>Writes the lines waiting.</summary>
        public void Flush()
        {
            lock (_lock)
                FlushLocked();
        }

        void FlushLocked()
        {
            if (_pending.Length > 0)
            {
                output.Write(_pending.ToString());
                _pending.Clear();
            }
            output.Flush();
            _writtenAt = time.GetTimestamp();
            _scheduled = false;
        }

        /// <summary>Runs a PBX's backfill; the window lines still waiting are written when it ends, however it ends.</summary>
        public async Task<BackfillResult> RunAsync(Func<Task<BackfillResult>> run)
        {
            try
            {
                return await run();
            }
            finally
            {
                lock (_lock)
                {
                    _timer?.Dispose();
                    _timer = null;
                    FlushLocked();
                }
            }
        }
    }

    /// <summary>Before a PBX's run: what it will pull.</summary>
    public abstract void Starting(string pbx, BackfillRange range, DateTimeOffset start, int windows, TimeSpan window);

    /// <summary>Runs one PBX's backfill, showing each finished window.</summary>
    public abstract Task<BackfillResult> RunAsync(string pbx, int windows, Func<IProgress<BackfillProgress>, Task<BackfillResult>> run);

    /// <summary>After a PBX's run (complete or interrupted).</summary>
    public abstract void Finished(BackfillResult result);

    /// <summary>A PBX's run failed; finished windows stay checkpointed.</summary>
    public abstract void Failed(string pbx, string reason);

    /// <summary>An earlier run of the same range finished: nothing to do unless <c>--restart</c>.</summary>
    public abstract void AlreadyDone(string pbx, BackfillRange range);

    static string AlreadyDoneLine(string pbx, BackfillRange range) =>
        $"PBX {pbx}: {range} (UTC) was already backfilled completely; nothing to do. Add --restart to pull it again.";

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Duration(TimeSpan t) => t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    protected static string Describe(BackfillResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.WindowsDone} of {r.WindowsTotal} windows, {Count(r.Rows)} rows, {Count(r.Calls)} calls, {Count(r.Points)} points in {Duration(r.Elapsed)} ({(r.Elapsed > TimeSpan.Zero ? r.Rows / r.Elapsed.TotalSeconds : 0):N0} rows/s){(r.RowsSkipped > 0 ? $", {Count(r.RowsSkipped)} unreadable rows skipped (kept in the state database's quarantined_row table)" : "")}");

    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    sealed class LiveBar(IAnsiConsole console) : BackfillOutput
    {
        public override void Starting(string pbx, BackfillRange range, DateTimeOffset start, int windows, TimeSpan window) =>
            PlainLines.Header(console.WriteLine, pbx, range, start, windows, window);

        public override Task<BackfillResult> RunAsync(string pbx, int windows, Func<IProgress<BackfillProgress>, Task<BackfillResult>> run) =>
            console.Progress()
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(pbx), maxValue: Math.Max(1, windows));
                    var result = await run(new SyncProgress<BackfillProgress>(p =>
                    {
                        task.Value = p.WindowsDone;
                        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                            $"{pbx}  {Count(p.Rows)} rows  {p.RowsPerSecond:N0} rows/s  ETA {(p.Eta is { } eta ? Duration(eta) : "--:--:--")}"));
                    }));
                    task.StopTask();
                    return result;
                });

        public override void Finished(BackfillResult result) => PlainLines.Summary(console.WriteLine, result);

        public override void Failed(string pbx, string reason) => PlainLines.Failure(console.WriteLine, pbx, reason);

        public override void AlreadyDone(string pbx, BackfillRange range) => console.WriteLine(AlreadyDoneLine(pbx, range));
    }

    sealed class PlainLines(Batched output) : BackfillOutput
    {
        public override void Starting(string pbx, BackfillRange range, DateTimeOffset start, int windows, TimeSpan window) =>
            Header(WriteLine, pbx, range, start, windows, window);

        public override Task<BackfillResult> RunAsync(string pbx, int windows, Func<IProgress<BackfillProgress>, Task<BackfillResult>> run) =>
            output.RunAsync(() => run(new SyncProgress<BackfillProgress>(p => output.Window(string.Create(CultureInfo.InvariantCulture,
                $"{pbx} [{p.WindowsDone}/{p.WindowsTotal}] {BackfillRange.Show(p.Last.Window.Start)} to {BackfillRange.Show(p.Last.Window.End)}: " +
                $"{Count(p.Last.Rows)} rows, {Count(p.Last.Calls)} calls, {Count(p.Last.Points)} points; " +
                $"{p.RowsPerSecond:N0} rows/s, ETA {(p.Eta is { } eta ? Duration(eta) : "--:--:--")}")))));

        public override void Finished(BackfillResult result) => Summary(WriteLine, result);

        public override void Failed(string pbx, string reason) => Failure(WriteLine, pbx, reason);

        public override void AlreadyDone(string pbx, BackfillRange range) => WriteLine(AlreadyDoneLine(pbx, range));

        void WriteLine(string line) => output.Line(line);

        internal static void Header(Action<string> writeLine, string pbx, BackfillRange range, DateTimeOffset start, int windows, TimeSpan window)
        {
            writeLine($"Backfilling PBX {pbx}: calls that started from {BackfillRange.Show(range.From)} to {BackfillRange.Show(range.To)} (UTC), {windows} windows of {window:c}.");
            if (start > range.From)
                writeLine($"Resuming an interrupted run from {BackfillRange.Show(start)}.");
        }

        internal static void Summary(Action<string> writeLine, BackfillResult r) =>
            writeLine(r.Completed ? $"PBX {r.Pbx}: done, {Describe(r)}." : $"PBX {r.Pbx}: interrupted after {Describe(r)}; run the same command again to resume.");

        internal static void Failure(Action<string> writeLine, string pbx, string reason) =>
            writeLine($"PBX {pbx}: backfill failed: {reason} Finished windows are kept; run the same command again to resume.");
    }

    /// <summary>
    /// One JSON object per line, written field by field (the text <c>JsonSerializer</c> writes for the same fields, without
    /// its reflection-based set-up, which costs a short backfill more CPU than its windows' lines).
    /// </summary>
    sealed class JsonLines(Batched output) : BackfillOutput
    {
        readonly ArrayBufferWriter<byte> _buffer = new();
        Utf8JsonWriter? _json;

        public override void Starting(string pbx, BackfillRange range, DateTimeOffset start, int windows, TimeSpan window)
        {
            var json = Begin("start");
            json.WriteString("pbx", pbx);
            json.WriteString("from", range.From);
            json.WriteString("to", range.To);
            WriteOrNull(json, "resume_from", start > range.From ? start : null);
            json.WriteNumber("windows", windows);
            json.WriteNumber("window_s", window.TotalSeconds);
            End();
        }

        public override Task<BackfillResult> RunAsync(string pbx, int windows, Func<IProgress<BackfillProgress>, Task<BackfillResult>> run) =>
            output.RunAsync(() => run(new SyncProgress<BackfillProgress>(p =>
            {
                var json = Begin("window");
                json.WriteString("pbx", pbx);
                json.WriteString("window_start", p.Last.Window.Start);
                json.WriteString("window_end", p.Last.Window.End);
                json.WriteNumber("done", p.WindowsDone);
                json.WriteNumber("total", p.WindowsTotal);
                json.WriteNumber("rows", p.Last.Rows);
                json.WriteNumber("calls", p.Last.Calls);
                json.WriteNumber("points", p.Last.Points);
                json.WriteNumber("rows_per_s", Math.Round(p.RowsPerSecond, 1));
                if (p.Eta is { } eta)
                    json.WriteNumber("eta_s", eta.TotalSeconds);
                else
                    json.WriteNull("eta_s");
                WriteOrNull(json, "checkpoint", p.Checkpointed);
                End(window: true);
            })));

        public override void Finished(BackfillResult r)
        {
            var json = Begin(r.Completed ? "done" : "interrupted");
            json.WriteString("pbx", r.Pbx);
            json.WriteNumber("windows_done", r.WindowsDone);
            json.WriteNumber("windows_total", r.WindowsTotal);
            json.WriteNumber("rows", r.Rows);
            json.WriteNumber("calls", r.Calls);
            json.WriteNumber("points", r.Points);
            json.WriteNumber("lines_dropped", r.LinesDropped);
            json.WriteNumber("unknown_values", r.UnknownValues);
            json.WriteNumber("rows_skipped", r.RowsSkipped);
            json.WriteNumber("elapsed_s", Math.Round(r.Elapsed.TotalSeconds, 3));
            End();
        }

        public override void Failed(string pbx, string reason)
        {
            var json = Begin("failed");
            json.WriteString("pbx", pbx);
            json.WriteString("error", reason);
            End();
        }

        public override void AlreadyDone(string pbx, BackfillRange range)
        {
            var json = Begin("already_done");
            json.WriteString("pbx", pbx);
            json.WriteString("from", range.From);
            json.WriteString("to", range.To);
            End();
        }

        Utf8JsonWriter Begin(string @event)
        {
            _buffer.Clear();
            if (_json is null)
                _json = new Utf8JsonWriter(_buffer);
            else
                _json.Reset(_buffer);
            _json.WriteStartObject();
            _json.WriteString("event", @event);
            return _json;
        }

        void End(bool window = false)
        {
            _json!.WriteEndObject();
            _json.Flush();
            var line = Encoding.UTF8.GetString(_buffer.WrittenSpan);
            if (window)
                output.Window(line);
            else
                output.Line(line);
        }

        static void WriteOrNull(Utf8JsonWriter json, string name, DateTimeOffset? value)
        {
            if (value is { } v)
                json.WriteString(name, v);
            else
                json.WriteNull(name);
        }
    }
}
