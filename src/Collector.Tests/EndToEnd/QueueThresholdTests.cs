using System.Globalization;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// Per-queue service-level thresholds end to end: a simulated day of four queues, one with 3CX's SLATime, one with a
/// threshold from the collector's configuration, one where the configuration overrides 3CX's SLATime and one with
/// neither; backfilled into a real influxd, every queue's KPIs equal the truth computed with that queue's own T, and
/// every <c>queue_call</c> point carries the T that applied.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class QueueThresholdTests(InfluxFixture influx)
{
    static readonly string[] World = ["--seed", "5", "--speed", "0", "--history-days", "1", "--queues", "4", "--agents", "16", "--calls-per-hour", "150"];

    [Fact]
    public async Task EachQueuesServiceLevelUsesItsOwnThresholdFromTheConfigurationOrFrom3cxsSlaTime()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        var now = await sim.NowAsync();
        var from = now.AddDays(-1);
        var slaTimes = (await SimulatorTruth.QueuesAsync(sim)).ToDictionary(q => q.Queue, q => q.SlaTimeSeconds);
        Assert.Equal(new Dictionary<string, int> { ["800"] = 30, ["801"] = 0, ["802"] = 15, ["803"] = 0 }, slaTimes);

        // 800: 3CX's SLATime (30 s); 801: configured (40 s, no SLATime); 802: configured 10 s over 3CX's 15 s; 803: the default 20 s.
        var database = $"thresholds_{Guid.NewGuid():N}";
        await using var kit = new PipelineKit(sim, influx.Server, database, new Dictionary<string, string?>
        {
            ["Sla:Queues:801:ThresholdSeconds"] = "40",
            ["Sla:Queues:802:ThresholdSeconds"] = "10",
        });
        Assert.True((await kit.BackfillAsync(from, now)).Completed);

        var truth = await SimulatorTruth.FinishedCallsAsync(sim, from, now);
        var rules = await SimulatorTruth.KpiRulesAsync(sim, KpiRules.Defaults) with
        {
            QueueThresholds = new Dictionary<string, double> { ["801"] = 40, ["802"] = 10 },
        };
        var expected = TruthKpis.PerQueueDay(truth, rules);
        KpiAssert.Equal(expected, await InfluxKpis.QueryAsync(influx.Server, database, from, now));

        var thresholds = await ThresholdsAsync(database, from, now);
        Assert.Equal(new Dictionary<string, (int, int)> { ["800"] = (30, 30), ["801"] = (40, 40), ["802"] = (10, 10), ["803"] = (20, 20) }, thresholds);

        // Not vacuous: with one T for all, the service level of the first three queues would be another.
        var uniform = TruthKpis.PerQueueDay(truth, KpiRules.Defaults);
        foreach (var queue in new[] { "800", "801", "802" })
            Assert.True(expected.Where(kv => kv.Key.Queue == queue).Sum(kv => kv.Value.SlMet) != uniform.Where(kv => kv.Key.Queue == queue).Sum(kv => kv.Value.SlMet),
                $"queue {queue}: its own T changes no passage's sl_met; the test proves nothing for it");
    }

    /// <summary>Per queue, the lowest and highest <c>sl_threshold_s</c> written.</summary>
    async Task<Dictionary<string, (int, int)>> ThresholdsAsync(string database, DateTimeOffset from, DateTimeOffset to)
    {
        var range = string.Create(CultureInfo.InvariantCulture,
            $"time >= {(from.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100} AND time < {(to.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100}");
        var answer = await influx.Server.QueryAsync(database, $"SELECT min(sl_threshold_s), max(sl_threshold_s) FROM queue_call WHERE {range} GROUP BY queue");
        var result = new Dictionary<string, (int, int)>();
        foreach (var series in answer.GetProperty("results")[0].GetProperty("series").EnumerateArray())
        {
            var row = series.GetProperty("values")[0];
            result[series.GetProperty("tags").GetProperty("queue").GetString()!] = (row[1].GetInt32(), row[2].GetInt32());
        }
        return result;
    }
}
