using System.Text.Json;
using Collector.CallLog.Backfill;
using Collector.Cli;
using Collector.CallLog.Sync;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace Collector.Tests.CallLog.Backfill;

public class BackfillOutputTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    static readonly BackfillRange Range = new(T0, T0.AddHours(2), "k");

    static BackfillProgress Progress(int done) => new("hq", new WindowResult(new CallWindow(T0.AddHours(done - 1), T0.AddHours(done)), 1000, 400, 900, 0, 0),
        done, 2, 1000L * done, 400L * done, 900L * done, TimeSpan.FromSeconds(done));

    static Task<BackfillResult> TwoWindows(IProgress<BackfillProgress> progress)
    {
        progress.Report(Progress(1));
        progress.Report(Progress(2));
        return Task.FromResult(new BackfillResult("hq", Range, null, 2, 2, 2000, 800, 1800, 0, 0, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task OnATerminalAProgressBarShowsRowsPerSecondAndTheEta()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 160;
        var output = BackfillOutput.Live(console);

        output.Starting("hq", Range, T0, 2, TimeSpan.FromHours(1));
        var result = await output.RunAsync("hq", 2, TwoWindows);
        output.Finished(result);

        var shown = text.ToString();
        Assert.Contains("Backfilling PBX hq: calls that started from 2026-11-20 00:00:00Z to 2026-11-20 02:00:00Z (UTC), 2 windows of 01:00:00.", shown, StringComparison.Ordinal);
        Assert.Contains("hq  2,000 rows  1,000 rows/s  ETA 00:00:00", shown, StringComparison.Ordinal);
        Assert.Contains("100%", shown, StringComparison.Ordinal);
        Assert.Contains("PBX hq: done, 2 of 2 windows, 2,000 rows, 800 calls, 1,800 points in 00:00:02 (1,000 rows/s).", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonIsOneObjectPerLineFromStartToDone()
    {
        var text = new StringWriter();
        var output = BackfillOutput.Json(text);

        output.Starting("hq", Range, T0.AddHours(1), 1, TimeSpan.FromHours(1));
        output.Finished(await output.RunAsync("hq", 2, TwoWindows));

        var events = text.ToString().Trim().Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["start", "window", "window", "done"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal(T0.AddHours(1), events[0].GetProperty("resume_from").GetDateTimeOffset());
        Assert.Equal(1000, events[1].GetProperty("rows").GetInt32());
        Assert.Equal(1000, events[2].GetProperty("rows_per_s").GetDouble());
        Assert.Equal(0, events[2].GetProperty("eta_s").GetDouble());
        Assert.Equal(800, events[3].GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task JsonLinesAreTheTextTheSerializerWritesForTheSameFields()
    {
        var text = new StringWriter();
        var output = BackfillOutput.Json(text);
        var checkpointed = Progress(2) with { Checkpointed = T0.AddHours(1) };
        var interrupted = new BackfillResult("hq", Range, T0, 1, 2, 1000, 400, 900, 2, 1, TimeSpan.FromSeconds(1.23456)) { RowsSkipped = 3 };

        output.Starting("hq", Range, T0.AddHours(1), 1, TimeSpan.FromHours(1));
        output.Starting("hq", Range, T0, 2, TimeSpan.FromMinutes(90));
        var result = await output.RunAsync("hq", 3, progress =>
        {
            progress.Report(Progress(0));   // no ETA yet, no rows per second
            progress.Report(Progress(1));
            progress.Report(checkpointed);
            return Task.FromResult(interrupted);
        });
        output.Finished(result);
        output.Failed("hq", "InfluxDB answered \"no\" <500> – ünreachable");
        output.AlreadyDone("hq", Range);

        string[] expected =
        [
            JsonSerializer.Serialize(new { @event = "start", pbx = "hq", from = Range.From, to = Range.To, resume_from = (DateTimeOffset?)T0.AddHours(1), windows = 1, window_s = 3600.0 }),
            JsonSerializer.Serialize(new { @event = "start", pbx = "hq", from = Range.From, to = Range.To, resume_from = (DateTimeOffset?)null, windows = 2, window_s = 5400.0 }),
            Window(Progress(0)),
            Window(Progress(1)),
            Window(checkpointed),
            JsonSerializer.Serialize(new
            {
                @event = "interrupted", pbx = "hq", windows_done = 1, windows_total = 2, rows = 1000L, calls = 400L, points = 900L,
                lines_dropped = 2L, unknown_values = 1L, rows_skipped = 3L, elapsed_s = Math.Round(interrupted.Elapsed.TotalSeconds, 3),
            }),
            JsonSerializer.Serialize(new { @event = "failed", pbx = "hq", error = "InfluxDB answered \"no\" <500> – ünreachable" }),
            JsonSerializer.Serialize(new { @event = "already_done", pbx = "hq", from = Range.From, to = Range.To }),
        ];
        Assert.Equal(expected, text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));

        static string Window(BackfillProgress p) => JsonSerializer.Serialize(new
        {
            @event = "window", pbx = "hq", window_start = p.Last.Window.Start, window_end = p.Last.Window.End, done = p.WindowsDone,
            total = p.WindowsTotal, rows = p.Last.Rows, calls = p.Last.Calls, points = p.Last.Points, rows_per_s = Math.Round(p.RowsPerSecond, 1),
            eta_s = p.Eta?.TotalSeconds, checkpoint = p.Checkpointed,
        });
    }
    [Fact]
    public async Task WindowLinesComingFastAreWrittenTogetherAtMostAQuarterOfASecondLateAndAllWhenTheRunEnds()
    {
        var time = new FakeTimeProvider(T0);
        var text = new StringWriter();
        var output = BackfillOutput.Json(text, time);
        output.Starting("hq", Range, T0, 4, TimeSpan.FromHours(1));
        int Lines() => text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length;

        var ran = output.RunAsync("hq", 4, async progress =>
        {
            progress.Report(Progress(1));   // right after the start line: waits
            progress.Report(Progress(2));
            Assert.Equal(1, Lines());
            time.Advance(TimeSpan.FromMilliseconds(249));
            Assert.Equal(1, Lines());
            time.Advance(TimeSpan.FromMilliseconds(1));   // a quarter of a second after the last write: both, in one write
            Assert.Equal(3, Lines());
            time.Advance(TimeSpan.FromSeconds(5));
            progress.Report(Progress(3));   // the last write is long ago: at once
            Assert.Equal(4, Lines());
            progress.Report(Progress(4));   // waits, and is written when the run ends
            Assert.Equal(4, Lines());
            await Task.Yield();
            throw new InvalidOperationException("the run failed");
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => ran);
        var events = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["start", "window", "window", "window", "window"], events.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal([1, 2, 3, 4], events.Skip(1).Select(e => e.GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task PlainWindowLinesAreWrittenBeforeTheSummaryThatFollowsThem()
    {
        var time = new FakeTimeProvider(T0);
        var text = new StringWriter();
        var output = BackfillOutput.Lines(text, time);

        output.Starting("hq", Range, T0, 2, TimeSpan.FromHours(1));
        var result = await output.RunAsync("hq", 2, TwoWindows);   // both windows within the quarter: written when the run ends
        output.Finished(result);

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("hq [1/2] ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("hq [2/2] ", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("PBX hq: done", lines[3], StringComparison.Ordinal);
    }
}
