using System.Diagnostics;
using System.Globalization;
using System.Text;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Bench;

/// <summary>
/// What a 12-month "Month by month" panel costs on influxd, read from the <c>queue_month</c> rollups, against the same
/// figures computed from the per-passage <c>queue_call</c> points (one aggregate statement per calendar month, the
/// cheapest exact way without rollups). A real influxd is filled with 13 months of synthetic passages (5 queues, about
/// 1,000 passages a day by default, Europe/Berlin), the collector's own <see cref="QueueRollups"/> computes every day and month,
/// then both ways are run alternately and the median of each is printed with the points each reads.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- rollup-cost [--passages-per-day N] [--runs N]</code>
/// </summary>
static class RollupCostBenchmark
{
    const string Pbx = "hq";
    const string Database = "threecx";
    static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static async Task<int> RunAsync(string[] args)
    {
        var perDay = Option(args, "--passages-per-day", 1000);
        var runs = Option(args, "--runs", 5);
        var phase = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var thisMonth = LocalPeriod.MonthOf(now, Zone);
        var from = LocalPeriod.Month(thisMonth.First.AddMonths(-12), Zone).Start;   // as the panel: now-12M/M

        await using var influxd = await InfluxServer.StartAsync();
        await influxd.QueryAsync(Database, $"CREATE DATABASE \"{Database}\"");
        var written = await FillAsync(influxd, from, now, perDay);
        Progress(phase, $"filled {written:N0} queue_call points");

        var options = new InfluxOptions { Url = influxd.Url, Database = Database };
        using var http = new HttpClient { BaseAddress = influxd.Url, Timeout = TimeSpan.FromMinutes(5) };
        var reader = new InfluxQueryClient(http, options, TimeProvider.System);
        var rollups = new QueueRollups(reader, new InfluxWriter(http, options, TimeProvider.System, NullLogger<InfluxWriter>.Instance), Zone);
        rollups.Touch(Pbx, new CallWindow(from, now), Array.Empty<long>(), stalePointsReplaced: 1);   // every local day and month of the range
        var periods = rollups.Pending(Pbx).Count;
        var clock = Stopwatch.StartNew();
        var rollupPoints = await rollups.RecomputeAsync(Pbx, null, CancellationToken.None);
        var recompute = clock.Elapsed;
        Progress(phase, $"rollups computed ({periods} periods)");

        var months = new List<LocalPeriod>();
        for (var m = LocalPeriod.MonthOf(from, Zone); m.Start < now; m = LocalPeriod.Month(m.First.AddMonths(1), Zone))
            months.Add(m);
        var panel = string.Create(CultureInfo.InvariantCulture,
            $"SELECT \"offered\", \"answered\", \"abandoned\", \"sl_pct\", \"asa_s\", \"aht_s\", \"abandon_rate_pct\", \"longest_wait_s\", \"short_abandons\", \"sl_threshold_s\" FROM \"queue_month\" WHERE \"pbx\" =~ /^{Pbx}$/ AND \"queue\" =~ /^(800|801|802|803|804)$/ AND time >= {from.ToUnixTimeMilliseconds()}ms AND time <= {now.ToUnixTimeMilliseconds()}ms GROUP BY \"pbx\", \"queue\"");
        var today = LocalPeriod.DayOf(now, Zone);

        var fromRollups = new List<double>();
        var fromPassages = new List<double>();
        var oneDay = new List<double>();
        long rowsFromRollups = 0, rowsFromPassages = 0;
        for (var run = 0; run < runs; run++)   // alternating, so both see the same load
        {
            clock.Restart();
            rowsFromRollups = (await reader.QueryAsync(panel, CancellationToken.None)).Sum(s => s.Rows.Count);
            fromRollups.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            rowsFromPassages = 0;
            foreach (var month in months)
            {
                rowsFromPassages += (await reader.QueryAsync(RollupQueries.DayFromPassages(Pbx, month), CancellationToken.None)).Sum(s => s.Rows.Count);
                await reader.QueryAsync(RollupQueries.DayAnsweredFromPassages(Pbx, month), CancellationToken.None);
            }
            fromPassages.Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            await reader.QueryAsync(RollupQueries.DayFromPassages(Pbx, today), CancellationToken.None);
            await reader.QueryAsync(RollupQueries.DayAnsweredFromPassages(Pbx, today), CancellationToken.None);
            await reader.QueryAsync(RollupQueries.MonthFromDays(Pbx, thisMonth), CancellationToken.None);
            oneDay.Add(clock.Elapsed.TotalMilliseconds);
            Progress(phase, $"run {run + 1} of {runs}");
        }

        var passagesRead = (await reader.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(\"wait_s\") FROM \"queue_call\" WHERE time >= {from.ToUnixTimeMilliseconds()}ms AND time <= {now.ToUnixTimeMilliseconds()}ms"), CancellationToken.None))[0].Rows[0][1].GetInt64();
        var rollupsRead = (await reader.QueryAsync(string.Create(CultureInfo.InvariantCulture,
            $"SELECT count(\"offered\") FROM \"queue_month\" WHERE time >= {from.ToUnixTimeMilliseconds()}ms AND time <= {now.ToUnixTimeMilliseconds()}ms"), CancellationToken.None))[0].Rows[0][1].GetInt64();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{written:N0} queue_call points over {months.Count} months ({from:yyyy-MM-dd} to now, {perDay} passages a day, 5 queues, Europe/Berlin)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollups from scratch: {periods} periods, {rollupPoints:N0} points, {recompute.TotalSeconds:F1} s"));
        Console.WriteLine();
        Console.WriteLine("| 12-month table from | statements | points read | rows out | median ms | min ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Row("queue_month rollups", 1, rollupsRead, rowsFromRollups, fromRollups));
        Console.WriteLine(Row("queue_call passages", months.Count * 2, passagesRead, rowsFromPassages, fromPassages));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ratio (passages / rollups, median): {Median(fromPassages) / Median(fromRollups):F0}x; one sync run's recompute (today from passages + this month from days): median {Median(oneDay):F1} ms"));
        return 0;
    }

    static void Progress(Stopwatch phase, string what) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{phase.Elapsed.TotalSeconds:F0} s] {what}"));

    static string Row(string source, int statements, long read, long rows, List<double> ms) => string.Create(CultureInfo.InvariantCulture,
        $"| {source} | {statements} | {read:N0} | {rows:N0} | {Median(ms):F1} | {ms.Min():F1} | {ms.Max():F1} |");

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Writes synthetic passages, spread over the working hours of each local day, in batches of 10,000 lines.</summary>
    static async Task<long> FillAsync(InfluxServer influxd, DateTimeOffset from, DateTimeOffset to, int perDay)
    {
        var random = new Random(12);
        var lines = new StringBuilder();
        long written = 0, pending = 0;
        for (var day = LocalPeriod.DayOf(from, Zone); day.Start < to; day = LocalPeriod.Day(day.First.AddDays(1), Zone))
        {
            var open = day.Start.AddHours(8);
            for (var i = 0; i < perDay; i++)
            {
                var at = open.AddSeconds(random.NextDouble() * 10 * 3600);
                if (at >= to) continue;
                var queue = 800 + random.Next(5);
                var wait = Math.Round(random.NextDouble() * random.NextDouble() * 180, 3);
                var roll = random.NextDouble();
                var (outcome, answered, abandoned) = roll < 0.85 ? ("answered", 1, 0) : roll < 0.97 ? ("abandoned", 0, 1) : ("overflow", 0, 0);
                var shortAbandon = abandoned == 1 && wait < 5 ? 1 : 0;
                var eligible = (answered == 1 || abandoned == 1) && shortAbandon == 0 ? 1 : 0;
                var met = answered == 1 && wait <= 20 ? 1 : 0;
                var talk = answered == 1 ? Math.Round(30 + random.NextDouble() * 600, 3) : 0;
                lines.Append(CultureInfo.InvariantCulture,
                    $"queue_call,pbx={Pbx},queue={queue},queue_name=Q{queue},outcome={outcome} call_id=\"c{written + pending}\",wait_s={wait},talk_s={talk},answered={answered}i,abandoned={abandoned}i,short_abandon={shortAbandon}i,sl_eligible={eligible}i,sl_met={met}i,sl_threshold_s=20i {at.ToUnixTimeMilliseconds() * 1_000_000 + i}\n");
                if (++pending == 10_000)
                {
                    await WriteAsync(influxd, lines);
                    written += pending;
                    pending = 0;
                }
            }
        }
        await WriteAsync(influxd, lines);
        return written + pending;
    }

    static async Task WriteAsync(InfluxServer influxd, StringBuilder lines)
    {
        if (lines.Length == 0) return;
        using var content = new StringContent(lines.ToString(), Encoding.UTF8);
        using var response = await influxd.Http.PostAsync($"write?db={Database}", content);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to a write: {await response.Content.ReadAsStringAsync()}");
        lines.Clear();
    }

    static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
