using Collector.Tests.Grafana.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// The dashboards' own queries, expanded as Grafana would, against what the collector wrote from the simulator: they
/// run, nothing is empty that should not be, and the wallboard's headline numbers are the simulator's truth.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DashboardQueryTests(DashboardWorld world) : IClassFixture<DashboardWorld>
{
    const string Wallboard = "threecx-wallboard";

    [Fact]
    public async Task EveryPanelQueryRunsAndReturnsDataForAllAndForEachPbxQueueAndPeriod()
    {
        var failures = new List<string>();
        var runs = 0;
        foreach (var dashboard in GrafanaFiles.Dashboards())
        {
            var options = await world.Runner.ResolveVariablesAsync(dashboard);
            Assert.Equal([DashboardWorld.PbxName], options["pbx"]);
            Assert.Equal(world.Live.Queues.Select(q => q.Queue).Order(StringComparer.Ordinal), options["queue"]);
            foreach (var selection in Selections(dashboard, options))
                foreach (var planned in world.Runner.Plan(dashboard, selection, options))
                {
                    runs++;
                    var result = await world.Runner.RunAsync(planned.Expanded);
                    if (result.Error is not null)
                        failures.Add($"{dashboard.FileName} {planned}\n  error: {result.Error}");
                    else if (result.IsEmpty && !DashboardExpectations.MayBeEmpty.Contains(planned.Target.RefId))
                        failures.Add($"{dashboard.FileName} {planned}\n  no data");
                }
        }

        Assert.True(runs > 500, $"only {runs} queries ran");
        Assert.True(failures.Count == 0, $"{failures.Count} of {runs} panel queries failed:\n" + string.Join("\n", failures.Take(20)));
    }

    [Fact]
    public async Task TodaysOfferedAnsweredAbandonedServiceLevelAndAsaPerQueueAreTheTruth()
    {
        // Per queue the wallboard shows today's service level; offered, answered, abandoned and ASA per queue are on the
        // Queue SLA history (Per: day, today's point), where the TV redesign moved them.
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var truth = TruthKpis.PerQueue(world.Calls, world.Today, world.SimulatedNow, world.Rules);
        Assert.Equal(world.Live.Queues.Count, truth.Count);
        foreach (var (queue, expected) in truth)
        {
            Assert.True(expected.Offered > 10, $"queue {queue}: only {expected.Offered} calls today");
            AssertClose(expected.ServiceLevelPercent, await WallboardNumberAsync("queue_sl", queue), 0.01, $"queue {queue} SL%");
            var day = new Dictionary<string, string[]> { ["interval"] = ["1d"], ["queue"] = [queue] };
            Assert.Equal(expected.Offered, (int)TodaysPoint(await SeriesAsync(sla, "per_offered", null, day))!);
            Assert.Equal(expected.Answered, (int)TodaysPoint(await SeriesAsync(sla, "per_answered", null, day))!);
            Assert.Equal(expected.Abandoned, (int)TodaysPoint(await SeriesAsync(sla, "per_abandoned", null, day))!);
            AssertClose(expected.ServiceLevelPercent, TodaysPoint(await SeriesAsync(sla, "per_sl", null, day)), 0.01, $"queue {queue} SL% (SLA history)");
            AssertClose(expected.AsaS, TodaysPoint(await SeriesAsync(sla, "per_asa", null, day)), 0.001, $"queue {queue} ASA (SLA history)");
        }

        var total = TruthKpis.Total(world.Calls, world.Today, world.SimulatedNow, world.Rules);
        Assert.Equal(total.Offered, (int)await WallboardNumberAsync("total_offered"));
        Assert.Equal(total.Answered, (int)await WallboardNumberAsync("total_answered"));
        Assert.Equal(total.Abandoned, (int)await WallboardNumberAsync("total_abandoned"));
        AssertClose(total.ServiceLevelPercent, await WallboardNumberAsync("total_sl"), 0.01, "SL% today");
        AssertClose(total.AsaS, await WallboardNumberAsync("total_asa"), 0.001, "ASA today");
        AssertClose(100.0 * total.Abandoned / total.Offered, await WallboardNumberAsync("total_abandon_rate"), 0.01, "abandon rate today");
    }

    [Fact]
    public async Task CallsWaitingLongestWaitAndAgentsByStateAreTheTruthNow()
    {
        foreach (var queue in world.Live.Queues)
        {
            Assert.Equal(queue.Waiting, (int)await WallboardNumberAsync("queue_waiting", queue.Queue));
            AssertClose(queue.LongestWaitSeconds, await WallboardNumberAsync("queue_longest_wait", queue.Queue), 0.001, $"queue {queue.Queue} longest wait");
            Assert.Equal(queue.AgentsAvailable, (int)await WallboardNumberAsync("queue_agents_available", queue.Queue));
        }
        Assert.True(world.Live.Queues.Sum(q => q.Waiting) > 0);
        Assert.Equal(world.Live.Queues.Sum(q => q.Waiting), (int)await WallboardNumberAsync("pbx_calls_waiting"));
        AssertClose(world.Live.Queues.Max(q => q.LongestWaitSeconds), await WallboardNumberAsync("pbx_longest_wait"), 0.001, "longest wait now");

        int Agents(params string[] states) => world.Live.Agents.Count(a => states.Contains(a.State));
        Assert.Equal(Agents("available"), (int)await WallboardNumberAsync("pbx_agents_available"));
        Assert.Equal(Agents("on_call", "ringing"), (int)await WallboardNumberAsync("pbx_agents_on_call"));
        Assert.Equal(Agents("away"), (int)await WallboardNumberAsync("pbx_agents_away"));
        Assert.Equal(Agents("logged_out"), (int)await WallboardNumberAsync("pbx_agents_logged_out"));
        Assert.Equal(world.Calls.Count(c => c.End is null), (int)await WallboardNumberAsync("pbx_calls_active"));

        var grid = (await WallboardSeriesAsync("agent_status", null)).ToDictionary(s => s.Tag("agent"), s => (int?)s.LastNumber());
        Assert.Equal(world.Live.Agents.ToDictionary(a => a.Agent, a => (int?)StateCode(a.State)), grid);
    }

    [Fact]
    public async Task TheSlaHistorysDailyExportAndTheAgentsAnsweredCallsAreTheTruth()
    {
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var truth = TruthKpis.PerQueue(world.Calls, world.Today, world.SimulatedNow, world.Rules);
        var day = new Dictionary<string, string[]> { ["interval"] = ["1d"] };
        var todayMs = world.Today.ToUnixTimeMilliseconds();

        double? Today(IReadOnlyList<InfluxSeries> series, string queue)
        {
            var row = series.Single(s => s.Tag("queue") == queue).Rows.Single(r => r[0].GetInt64() == todayMs);
            return row[^1].ValueKind == System.Text.Json.JsonValueKind.Number ? row[^1].GetDouble() : null;
        }

        foreach (var (queue, expected) in truth)
        {
            Assert.Equal(expected.Offered, (int)Today(await SeriesAsync(sla, "export_offered", null, day), queue)!);
            Assert.Equal(expected.Answered, (int)Today(await SeriesAsync(sla, "export_answered", null, day), queue)!);
            Assert.Equal(expected.Abandoned, (int)Today(await SeriesAsync(sla, "export_abandoned", null, day), queue)!);
            AssertClose(expected.ServiceLevelPercent, Today(await SeriesAsync(sla, "export_sl_pct", null, day), queue), 0.01, $"queue {queue} SL% today (export)");
            AssertClose(expected.AsaS, Today(await SeriesAsync(sla, "export_asa_s", null, day), queue), 0.001, $"queue {queue} ASA today (export)");
            Assert.Equal(world.Rules.ThresholdFor(queue), Today(await SeriesAsync(sla, "export_sl_threshold_s", null, day), queue));
        }
        Assert.True(truth.Keys.Select(world.Rules.ThresholdFor).Distinct().Count() > 1, "every queue has the same T; the export's T column proves nothing");

        var agents = GrafanaFiles.Dashboard("threecx-agents");
        var answered = (await SeriesAsync(agents, "agent_queue_answered", null, null)).ToDictionary(s => s.Tag("agent"), s => (int)s.LastNumber()!);
        Assert.Equal(TruthKpis.AnsweredPerAgent(world.Calls, world.Today, world.SimulatedNow).OrderBy(kv => kv.Key), answered.OrderBy(kv => kv.Key));
    }

    /// <summary>The value of today's bucket of the one series a per-day query returns for one queue.</summary>
    double? TodaysPoint(IReadOnlyList<InfluxSeries> series)
    {
        var row = Assert.Single(Assert.Single(series).Rows, r => r[0].GetInt64() == world.Today.ToUnixTimeMilliseconds());
        return row[^1].ValueKind == System.Text.Json.JsonValueKind.Number ? row[^1].GetDouble() : null;
    }

    static IEnumerable<IReadOnlyDictionary<string, string[]>> Selections(Dashboard dashboard, IReadOnlyDictionary<string, string[]> options)
    {
        var all = DashboardQueryRunner.DefaultSelection(dashboard, options);
        var periods = dashboard.Variables.Any(v => v.Name == "interval") ? options["interval"] : [null!];
        foreach (var period in periods)
        {
            var basis = period is null ? all : new Dictionary<string, string[]>(all, StringComparer.Ordinal) { ["interval"] = [period] };
            yield return basis;
            foreach (var name in new[] { "pbx", "queue" })
                foreach (var value in options[name])
                    yield return new Dictionary<string, string[]>(basis, StringComparer.Ordinal) { [name] = [value] };
        }
    }

    async Task<double> WallboardNumberAsync(string refId, string? queue = null)
    {
        var series = await WallboardSeriesAsync(refId, queue);
        var only = Assert.Single(series);
        return only.LastNumber() ?? throw new Xunit.Sdk.XunitException($"{refId} ({queue ?? "all queues"}): no number");
    }

    Task<IReadOnlyList<InfluxSeries>> WallboardSeriesAsync(string refId, string? queue) =>
        SeriesAsync(GrafanaFiles.Dashboard(Wallboard), refId, queue, null);

    /// <summary>Runs one target as the default view shows it (All), the repeated copy for <paramref name="queue"/> if given.</summary>
    async Task<IReadOnlyList<InfluxSeries>> SeriesAsync(Dashboard dashboard, string refId, string? queue, IReadOnlyDictionary<string, string[]>? overrides) =>
        await world.Runner.SeriesAsync(await world.Runner.PlanOneAsync(dashboard, refId, queue, overrides));

    static int StateCode(string state) => state switch
    {
        "offline" => 0,
        "logged_out" => 1,
        "away" => 2,
        "available" => 3,
        "ringing" => 4,
        "on_call" => 5,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not a truth state"),
    };

    static void AssertClose(double? expected, double? actual, double tolerance, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected?.ToString() ?? "none"}, the dashboard shows {actual?.ToString() ?? "none"}");
        if (expected is { } e && actual is { } a)
            Assert.True(Math.Abs(e - a) <= tolerance, $"{what}: expected {e}, the dashboard shows {a} (tolerance {tolerance})");
    }
}
