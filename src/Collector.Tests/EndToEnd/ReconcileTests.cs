using System.Globalization;
using System.Text.Json;
using Collector.Reconcile;
using Collector.Tests.Grafana.Alerting;
using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// <c>collector reconcile</c> against the simulator's four report functions and a real influxd holding what
/// <c>collector backfill</c> wrote (<see cref="ReconcileWorld"/>): every KPI of every queue and day agrees; a report made
/// to disagree gives exactly that difference and sets off the alert rule; a report that is missing, forbidden or
/// rate-limited is a warning with a run point and no difference; a rerun rewrites the same points.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReconcileTests(ReconcileWorld world) : IClassFixture<ReconcileWorld>
{
    static readonly string[] Range = ["reconcile", "--from", "2026-11-22", "--to", "2026-11-25"];
    static readonly int AllKpis = ReconcileWorld.Days.Length * ReconcileWorld.Queues.Length * ReconcileKpis.All.Count;

    [Fact]
    public async Task EveryQueueDayAndKpiAgreesWithTheSimulatorsReportsAndOurNumbersAreTheTruths()
    {
        await world.Sim.ClearFaultsAsync();
        var database = await world.NewDatabaseAsync();

        var outcome = await world.Cli(database).InvokeAsync([.. Range, "--json"]);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}\n{outcome.Out}\n{outcome.Error}");
        var events = Events(outcome.Out);
        var kpis = events.Where(e => e.GetProperty("event").GetString() == "kpi").ToList();
        Assert.Equal(AllKpis, kpis.Count);
        Assert.All(kpis, k => Assert.True(k.GetProperty("difference").GetDecimal() == 0, k.GetRawText()));
        var done = Assert.Single(events, e => e.GetProperty("event").GetString() == "done");
        Assert.Equal(("ok", AllKpis, 0, 0), (done.GetProperty("result").GetString(), done.GetProperty("compared").GetInt32(),
            done.GetProperty("differences").GetInt32(), done.GetProperty("not_compared").GetInt32()));

        // The agreement is not 0 = 0: our side is the truth, counted by 3CX's definitions.
        var truth = world.Truth.SelectMany(c => c.Passages).GroupBy(p => (DateOnly.FromDateTime(p.Enter.UtcDateTime), p.Queue)).ToDictionary(g => g.Key, g => g.ToList());
        decimal Ours(DateOnly day, string queue, string kpi) => kpis.Single(k => k.GetProperty("day").GetString() == Show(day)
            && k.GetProperty("queue").GetString() == queue && k.GetProperty("kpi").GetString() == kpi).GetProperty("ours").GetDecimal();
        var rules = await SimulatorTruth.KpiRulesAsync(world.Sim, KpiRules.Defaults);   // each queue's own T (3CX's SLATime, else 20 s)
        foreach (var day in ReconcileWorld.Days)
            foreach (var queue in ReconcileWorld.Queues)
            {
                var passages = truth.GetValueOrDefault((day, queue)) ?? [];
                var expected = TruthKpis.Of(passages, rules);
                Assert.Equal(expected.Offered, Ours(day, queue, ReconcileKpis.Received));
                Assert.Equal(expected.Answered, Ours(day, queue, ReconcileKpis.Answered));
                Assert.Equal(expected.Abandoned, Ours(day, queue, ReconcileKpis.Abandoned));
                Assert.Equal(expected.Passages, Ours(day, queue, ReconcileKpis.SlaReceived));
                Assert.Equal(passages.Count(p => p.Outcome is "answered" or "abandoned" && p.WaitSeconds > rules.ThresholdFor(queue)), Ours(day, queue, ReconcileKpis.BadSla));
                Assert.Equal(passages.Where(p => p.Outcome == "answered").Sum(p => p.Wait.Ticks) / (decimal)TimeSpan.TicksPerSecond, Ours(day, queue, ReconcileKpis.AnsweredWaitSeconds));
            }
        Assert.True(kpis.Where(k => k.GetProperty("kpi").GetString() == ReconcileKpis.Received).Sum(k => k.GetProperty("ours").GetDecimal()) > 2000);

        var points = await world.PointsAsync(database);
        Assert.Equal(AllKpis, points.Count);
        Assert.All(points.Values, p => Assert.Equal(0, p.Difference));
        var run = await world.LastRunAsync(database);
        Assert.Equal(("sim", "ok", AllKpis, 0L), (run["pbx"].GetString(), run["result"].GetString(), run["kpis"].GetInt32(), run["differences"].GetInt64()));
    }

    [Fact]
    public async Task ARerunRewritesTheSamePointsAndSaysAllEqualForEachDay()
    {
        await world.Sim.ClearFaultsAsync();
        var database = await world.NewDatabaseAsync();
        var cli = world.Cli(database);
        Assert.Equal(0, (await cli.InvokeAsync(Range)).ExitCode);
        var first = await world.PointsAsync(database);

        var again = await cli.InvokeAsync(Range);

        Assert.True(again.ExitCode == 0, again.Out + again.Error);
        Assert.Equal(first, await world.PointsAsync(database));
        Assert.Equal(
        [
            "Reconciling PBX sim with 3CX's reports: 2026-11-22 to 2026-11-25 (UTC days), 7 KPIs per queue and day.",
            "2026-11-22: 5 queues, 35 KPIs compared, all equal.",
            "2026-11-23: 5 queues, 35 KPIs compared, all equal.",
            "2026-11-24: 5 queues, 35 KPIs compared, all equal.",
            "2026-11-25: 5 queues, 35 KPIs compared, all equal.",
            $"PBX sim: {AllKpis} KPIs compared over 4 days, 0 differ, 0 not compared; {AllKpis} queue_reconcile points written.",
        ], Lines(again.Out));
        var runs = await world.Influx.ScalarAsync(database, "SELECT count(\"kpis\") FROM \"collector\" WHERE \"job\" = 'reconcile'");
        Assert.Equal(2, runs!.Value.GetInt32());
    }

    [Fact]
    public async Task AReportThatDisagreesGivesExactlyTheInjectedDifferencesAndTheAlertRuleFiresForThemOnly()
    {
        await world.Sim.ClearFaultsAsync();
        var database = await world.NewDatabaseAsync();
        await world.Sim.SetFaultsAsync(new
        {
            reportOffsets = new object[]
            {
                new { function = "ReportQueuePerformanceTotals", field = "ExtensionAnsweredCount", queue = "801", day = "2026-11-24", amount = 3 },
                new { function = "ReportAbandonedQueueCalls", field = "WaitTime", queue = "803", day = "2026-11-23", amount = 2.5 },
                new { function = "ReportStatisticSla", field = "BadSlaCallsCount", queue = "800", day = "2026-11-25", amount = -1 },
            },
        });
        try
        {
            var outcome = await world.Cli(database).InvokeAsync(Range);

            Assert.True(outcome.ExitCode == 3, $"exit {outcome.ExitCode}\n{outcome.Out}\n{outcome.Error}");
            var differences = (await world.PointsAsync(database)).Where(p => p.Value.Difference != 0)
                .ToDictionary(p => p.Key, p => p.Value.Difference);
            Assert.Equal(new Dictionary<(DateOnly, string, string), double>
            {
                [(new DateOnly(2026, 11, 24), "801", ReconcileKpis.Answered)] = -3,
                [(new DateOnly(2026, 11, 23), "803", ReconcileKpis.AbandonedWaitSeconds)] = -2.5,
                [(new DateOnly(2026, 11, 25), "800", ReconcileKpis.BadSla)] = 1,
            }, differences);
            Assert.Contains("2026-11-24: 5 queues, 35 KPIs compared, 1 differ:", Lines(outcome.Out));
            Assert.Contains(Lines(outcome.Out), l => l.StartsWith("  queue 801  answered  ours ", StringComparison.Ordinal) && l.EndsWith("  difference -3", StringComparison.Ordinal));
            Assert.Contains($"PBX sim: {AllKpis} KPIs compared over 4 days, 3 differ, 0 not compared; {AllKpis} queue_reconcile points written.", Lines(outcome.Out));

            var states = new AlertStates(AlertRuleKit.Rule("threecx-reconcile-differences"));
            states.Apply(await new RuleEvaluator(new InfluxQlSource(world.Influx, database)).EvaluateAsync(AlertRuleKit.Rule("threecx-reconcile-differences"), ReconcileWorld.Start));
            Assert.Equal(
                new[] { ("800", "bad_sla"), ("801", "answered"), ("803", "abandoned_wait_s") },
                states.Alerting.Select(l => (l["queue"], l["kpi"])).Order().ToArray());
            Assert.All(states.Alerting, l => Assert.Equal("sim", l["pbx"]));
        }
        finally
        {
            await world.Sim.ClearFaultsAsync();
        }
    }

    [Fact]
    public async Task MissingForbiddenAndRateLimitedReportsAreWarningsWithARunPointAndNoDifference()
    {
        await world.Sim.ClearFaultsAsync();
        var database = await world.NewDatabaseAsync();
        await world.Sim.SetFaultsAsync(new
        {
            rules = new object[]
            {
                new { route = "ReportAbandonedQueueCalls", status = 404 },
                new { route = "ReportStatisticSla", status = 403 },
                new { route = "ReportQueueAnsweredCallsByWaitTime", status = 429 },
            },
        });
        try
        {
            var cli = world.Cli(database);
            var outcome = await cli.InvokeAsync([.. Range, "--json"]);

            Assert.True(outcome.ExitCode == 4, $"exit {outcome.ExitCode}\n{outcome.Out}\n{outcome.Error}");
            var events = Events(outcome.Out);
            var warnings = events.Where(e => e.GetProperty("event").GetString() == "warning")
                .ToDictionary(e => e.GetProperty("report").GetString()!, e => (e.GetProperty("status").GetInt32(), e.GetProperty("reason").GetString()!));
            Assert.Equal(404, warnings["ReportAbandonedQueueCalls"].Item1);
            Assert.Equal(403, warnings["ReportStatisticSla"].Item1);
            Assert.Equal(429, warnings["ReportQueueAnsweredCallsByWaitTime"].Item1);
            Assert.Equal(3, warnings.Count);
            var kpis = events.Where(e => e.GetProperty("event").GetString() == "kpi").ToList();
            Assert.Equal([ReconcileKpis.Answered, ReconcileKpis.Received], kpis.Select(k => k.GetProperty("kpi").GetString()!).Distinct().Order());
            Assert.All(kpis, k => Assert.Equal(0, k.GetProperty("difference").GetDecimal()));

            var points = await world.PointsAsync(database);
            Assert.Equal(ReconcileWorld.Days.Length * ReconcileWorld.Queues.Length * 2, points.Count);
            Assert.All(points.Values, p => Assert.Equal(0, p.Difference));
            var run = await world.LastRunAsync(database);
            Assert.Equal("warning", run["result"].GetString());
            Assert.Contains("ReportAbandonedQueueCalls is missing on this PBX (404", run["error"].GetString(), StringComparison.Ordinal);
            Assert.Contains("ReportStatisticSla is forbidden to the API client (403", run["error"].GetString(), StringComparison.Ordinal);
            Assert.Contains("ReportQueueAnsweredCallsByWaitTime was rate-limited by the PBX (429", run["error"].GetString(), StringComparison.Ordinal);
            Assert.Equal(ReconcileWorld.Days.Length * ReconcileWorld.Queues.Length * 5, run["not_compared"].GetInt32());
            Assert.Contains(cli.Logs.GetSnapshot(), l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning
                && l.Message.Contains("ReportAbandonedQueueCalls is missing on this PBX", StringComparison.Ordinal));
        }
        finally
        {
            await world.Sim.ClearFaultsAsync();
        }
    }

    static List<JsonElement> Events(string output) =>
        [.. Lines(output).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    static List<string> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    static string Show(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
