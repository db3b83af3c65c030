using System.Diagnostics;
using System.Globalization;

namespace Collector.Testing.Faults.Scenarios;

/// <summary>
/// <c>collector backfill --json</c> killed with SIGKILL <paramref name="Kills"/> times at random points (after 0 to 2
/// finished windows and a random fraction of a second more, so mostly in the middle of a window's reads or writes), run
/// again after each kill, then run to the end. Every call of the range must be in InfluxDB exactly once.
/// </summary>
/// <param name="Span">How much history the backfill pulls (20-minute windows; each call-log read is delayed 40 ms so windows take long enough to be killed in).</param>
sealed record BackfillKillLoop(int Kills, TimeSpan Span) : IFaultScenario
{
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(10);

    public string Name => "backfill, SIGKILL loop";

    public async Task<ScenarioResult> RunAsync(ScenarioContext context)
    {
        var elapsed = Stopwatch.StartNew();
        await using var sim = await SimulatorChildProcess.StartAsync(context.SimulatorDll,
        [
            "--seed", context.Random.Next(1, 10000).ToString(CultureInfo.InvariantCulture), "--speed", "0", "--start", SimulatorChildProcess.Iso(RecentWeekdayAt(18)),
            "--history-days", Math.Ceiling(Span.TotalDays).ToString(CultureInfo.InvariantCulture), "--queues", "5", "--agents", "30", "--calls-per-hour", "150",
        ]);
        await sim.SetFaultsAsync("""{"rules":[{"route":"calllog","delayMs":40}]}""");
        var to = await sim.NowAsync();
        var from = to - Span;
        using var folder = new TempDirectory("fault-suite");
        var database = $"faults_{Guid.NewGuid():N}";
        var environment = sim.CollectorEnvironment(context.Influx, database, folder.File("state.db"));
        string[] args = ["backfill", "--from", Iso(from), "--to", Iso(to), "--window", "00:20:00", "--json"];
        await using var runs = new CollectorRuns(context, environment, new OutputMeter(sim.Secrets));

        var kills = 0;
        while (kills < Kills)
        {
            var windowsBeforeKill = context.Random.Next(0, 3);
            var windows = 0;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (windowsBeforeKill == 0) reached.TrySetResult();
            var process = runs.Start(args, line =>
            {
                if (line.Contains("\"event\":\"window\"", StringComparison.Ordinal) && Interlocked.Increment(ref windows) >= windowsBeforeKill)
                    reached.TrySetResult();
            });
            await Task.WhenAny(reached.Task, process.Exited);
            await Task.Delay(context.Between(TimeSpan.FromMilliseconds(windowsBeforeKill == 0 ? 300 : 0), TimeSpan.FromMilliseconds(windowsBeforeKill == 0 ? 2500 : 600)));
            if (process.HasExited)
            {
                runs.Ended(process, await process.WaitForExitAsync(RunTimeout));
                break;   // it finished before it could be killed again
            }
            await process.KillAsync();
            kills++;
        }
        var last = runs.Start(args);
        runs.Ended(last, await last.WaitForExitAsync(RunTimeout));

        var truth = await sim.FinishedCallsAsync(from, to);
        var counts = await CallLedger.CompareAsync(context.Influx, database, truth);
        await context.Influx.QueryAsync(database, $"DROP DATABASE \"{database}\"");
        var meter = runs.Meter;
        return new ScenarioResult(Name, counts.Truth, counts.Written, counts.Lost.Count, counts.Doubled.Count, runs.Crashed, runs.Count,
            await runs.PeakRssBytesAsync(), meter.Bytes, meter.Lines, meter.LongestLine, meter.SecretHits, elapsed.Elapsed,
            $"{kills} kills over {Span.TotalHours:F0} h of history");
    }

    static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The given UTC hour of the latest Tuesday to Friday at least two days ago (the CLI checks --from against the real clock).</summary>
    static DateTimeOffset RecentWeekdayAt(int hour)
    {
        var day = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Monday)
            day = day.AddDays(-1);
        return day.AddHours(hour);
    }
}
