using System.Text.Json;
using Collector.Configuration;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The issue's proof: three simulated days of a 5-queue, 30-agent call centre (thousands of calls) backfilled into a
/// real influxd; per queue and UTC day, InfluxQL on what was written gives the same offered, answered, abandoned,
/// short abandons, SL% (each formula), ASA, AHT and longest wait as an independent reading of the simulator's truth.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class BackfillMatchesTruthTests(InfluxFixture influx)
{
    static readonly string[] World = ["--seed", "11", "--speed", "0", "--history-days", "3", "--queues", "5", "--agents", "30", "--calls-per-hour", "150"];

    [Fact]
    public async Task ThreeBackfilledDaysGiveTheTruthsKpisPerQueueAndDayForEveryFormulaAndASecondRunChangesNothing()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        var now = await sim.NowAsync();
        var from = now.AddDays(-3);
        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        Assert.True(truth.Count > 2000, $"only {truth.Count} calls");

        // The default formula through the verb itself, as a user runs it.
        using var folder = new TempDirectory("e2e");
        var database = $"e2e_{Guid.NewGuid():N}";
        var cli = new CliRun().WithAll(PipelineKit.SettingsFor(sim, influx.Server, database, $"Data Source={folder.File("state.db")}"));
        var first = await cli.InvokeAsync("backfill", "--from", PipelineKit.Iso(from), "--to", PipelineKit.Iso(now), "--json");
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Out}\n{first.Error}");
        var done = JsonDocument.Parse(first.Out.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("done", done.GetProperty("event").GetString());
        Assert.Equal(truth.Count, done.GetProperty("calls").GetInt32());

        // Each queue with its own T: the simulator sets 3CX's SLATime on some queues, and the collector reads it.
        var rules = await SimulatorTruth.KpiRulesAsync(sim, new KpiRules(20, 5, SlaFormula.AbandonsNegative));
        var expected = TruthKpis.PerQueueDay(truth, rules);
        Assert.True(expected.Count >= 5 * 3, $"only {expected.Count} queue-days");
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, database, from, now));
        Assert.Equal(TruthKpis.CallCounts(truth), await InfluxKpis.CallCountsAsync(influx.Server, database, from, now));

        // The same backfill again: every point overwrites itself.
        var points = await InfluxKpis.PointCountsAsync(influx.Server, database, from, now);
        var second = await cli.InvokeAsync("backfill", "--from", PipelineKit.Iso(from), "--to", PipelineKit.Iso(now), "--json");
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Equal(points, await InfluxKpis.PointCountsAsync(influx.Server, database, from, now));
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, database, from, now));

        // The other formulas, each backfilled into its own database, so their stored sl_eligible/sl_met are what is checked.
        SlaFormula[] others = [SlaFormula.AnsweredOnly, SlaFormula.AbandonsPositive, SlaFormula.AbandonsWithinTIgnored];
        await Task.WhenAll(others.Select(async formula =>
        {
            var db = $"e2e_{formula}_{Guid.NewGuid():N}".ToLowerInvariant();
            await using var kit = new PipelineKit(sim, influx.Server, db, new Dictionary<string, string?> { ["Sla:Formula"] = formula.ToString() });
            var result = await kit.BackfillAsync(from, now);
            Assert.True(result.Completed);
            KpiAssert.Equal(TruthKpis.PerQueueDay(truth, rules with { Formula = formula }), await InfluxKpis.QueryAsync(influx.Server, db, from, now));
        }));
    }
}
