using System.Diagnostics;
using System.Text.Json;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The built <c>collector</c> program, configured through environment variables, killed in the middle of a backfill
/// window and run again: it resumes after the last finished window and the counts equal the truth.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class KilledProcessTests(InfluxFixture influx)
{
    [Fact]
    public async Task TheCollectorKilledMidBackfillAndRunAgainResumesAndEndsWithTheTruthsCounts()
    {
        // The built program checks --from against the real clock, so the PBX's day is a recent past weekday.
        await using var sim = await SimulatorHost.StartAsync(
            "--seed", "3", "--speed", "0", "--start", PipelineKit.Iso(RecentWeekdayAt(18)), "--history-days", "1", "--queues", "5", "--agents", "30", "--calls-per-hour", "150");
        await sim.SetFaultsAsync(new { rules = new object[] { new { route = "calllog", delayMs = 100 } } });   // windows long enough to be killed in
        var to = await sim.NowAsync();
        var from = to.AddHours(-8);
        using var folder = new TempDirectory("killed");
        var database = $"killed_{Guid.NewGuid():N}";
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Pbxs__0__Name"] = "sim",
            ["Pbxs__0__BaseUrl"] = sim.BaseUrl.ToString(),
            ["Pbxs__0__ClientId"] = sim.ClientId,
            ["Pbxs__0__ClientSecret"] = sim.ClientSecret,
            ["Influx__Url"] = influx.Server.Url.ToString(),
            ["Influx__Database"] = database,
            ["State__ConnectionString"] = $"Data Source={folder.File("state.db")}",
        };
        string[] args = ["backfill", "--from", PipelineKit.Iso(from), "--to", PipelineKit.Iso(to), "--window", "00:20:00", "--json"];

        var killed = await RunAsync(environment, args, killAfterWindows: 5);
        Assert.True(killed.Killed, $"the backfill ended before it could be killed (exit {killed.ExitCode}):\n{killed.Output}\n{killed.Error}");
        // Windows are checkpointed together at most a second apart: killed once a checkpoint is stored, the rerun resumes there.
        var checkpoint = killed.Events.Last(e => e.GetProperty("event").GetString() == "window").GetProperty("checkpoint").GetDateTimeOffset();
        Assert.True(killed.Events.Count(e => e.GetProperty("event").GetString() == "window") >= 5);

        var rerun = await RunAsync(environment, args, killAfterWindows: null);
        Assert.True(rerun.ExitCode == 0, $"exit {rerun.ExitCode}\n{rerun.Output}\n{rerun.Error}");
        var start = rerun.Events.First(e => e.GetProperty("event").GetString() == "start");
        var resumedFrom = start.GetProperty("resume_from").GetDateTimeOffset();
        Assert.Equal(checkpoint, resumedFrom);
        Assert.True(resumedFrom > from && resumedFrom < to, $"resumed from {resumedFrom:O}");
        Assert.Equal("done", rerun.Events[^1].GetProperty("event").GetString());

        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, to);
        Assert.True(truth.Count > 500, $"only {truth.Count} calls");
        KpiAssert.Equal(TruthKpis.PerQueueDay(truth, await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults)), await InfluxKpis.QueryAsync(influx.Server, database, from, to));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, database, from, to));
    }

    /// <summary>The given UTC hour of the latest Tuesday to Friday at least two days ago.</summary>
    static DateTimeOffset RecentWeekdayAt(int hour)
    {
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Monday)
            day = day.AddDays(-1);
        return day.AddHours(hour);
    }

    sealed record Run(bool Killed, int ExitCode, IReadOnlyList<JsonElement> Events, string Output, string Error);

    /// <summary>
    /// Runs <c>dotnet collector.dll ARGS</c>; with <paramref name="killAfterWindows"/>, kills it once at least that many windows
    /// are reported and the latest one reports a stored checkpoint.
    /// </summary>
    static async Task<Run> RunAsync(Dictionary<string, string> environment, string[] args, int? killAfterWindows)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "collector.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var events = new List<JsonElement>();
        var output = new System.Text.StringBuilder();
        var killed = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            using var doc = JsonDocument.Parse(line);
            events.Add(doc.RootElement.Clone());
            if (killAfterWindows is { } limit && events.Count(e => e.GetProperty("event").GetString() == "window") >= limit
                && events[^1].TryGetProperty("checkpoint", out var checkpoint) && checkpoint.ValueKind == JsonValueKind.String)
            {
                process.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }
        await process.WaitForExitAsync(timeout.Token);
        return new Run(killed, process.ExitCode, events, output.ToString(), await stderr);
    }
}
