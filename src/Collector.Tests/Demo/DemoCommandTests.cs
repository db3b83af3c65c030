using Collector.Tests.Grafana.Alerting;
using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Tests.Support;

namespace Collector.Tests.Demo;

/// <summary><c>collector demo</c> in-process: the simulator and the worker against a real influxd.</summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed class DemoCommandTests(InfluxFixture influx)
{
    [Fact]
    public async Task WithoutAReachableInfluxDbTheDemoSaysWhereItLookedAndWhatToDo()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}/";

        var outcome = await new CliRun().With("Influx:Url", closed).InvokeAsync("demo");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"InfluxDB is not reachable at {closed} (", outcome.Error);
        Assert.Contains("docker compose", outcome.Error);
        Assert.Contains("collector check", outcome.Error);
        Assert.DoesNotContain("Demo:", outcome.Out);
    }

    [Fact]
    public async Task TheDemoStartsTheSimulatorRunsTheWorkerAndStopsCleanlyOnCancel()
    {
        var database = $"demo_{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));

        var outcome = await Cli(database).InvokeAsync(stop.Token, "demo");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Error);
        Assert.Matches(@"Demo: a simulated 3CX PBX runs at http://127\.0\.0\.1:\d+/ \(real time, 1 day of call history\)\.", outcome.Out);
        Assert.Contains($"writes to InfluxDB at {influx.Server.Url}, database {database}.", outcome.Out);
    }

    [Fact]
    public async Task WithinSecondsTheDemoHasWrittenEveryMeasurementOfTheSchemaToInfluxDb()
    {
        string[] expected = ["agent_call", "agent_live", "call", "collector", "pbx_live", "queue_call", "queue_live"];
        var database = $"demo_{Guid.NewGuid():N}";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcher = Task.Run(async () =>
        {
            try
            {
                while (!expected.All((await MeasurementsAsync(influx.Server, database)).Contains))
                    await Task.Delay(250, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // 60 s passed; the assertions below say what is missing.
            }
            finally
            {
                await stop.CancelAsync();
            }
        });

        var started = DateTimeOffset.UtcNow;
        var outcome = await Cli(database).InvokeAsync(stop.Token, "demo");
        await watcher;
        var ended = DateTimeOffset.UtcNow;

        Assert.Equal(0, outcome.ExitCode);
        // The simulated PBX keeps the real time (not rounded down to the minute), so every live point the demo wrote is
        // stamped within 2 s of the real clock while the demo ran, and the wallboard's 1-minute live tiles show it.
        var (first, last) = await FirstAndLastAsync(influx.Server, database, "pbx_live");
        Assert.InRange(first, started - TimeSpan.FromSeconds(2), ended + TimeSpan.FromSeconds(2));
        Assert.InRange(last, started - TimeSpan.FromSeconds(2), ended + TimeSpan.FromSeconds(2));
        var measurements = await MeasurementsAsync(influx.Server, database);
        Assert.Equal(expected, measurements.Intersect(expected).Order(StringComparer.Ordinal));
        var pbxTags = await influx.Server.QueryAsync(database, "SHOW TAG VALUES FROM \"queue_live\" WITH KEY = \"pbx\"");
        Assert.Equal("demo", pbxTags.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetString());

        // Every alert rule runs on what the collector really wrote: no query error, one series per simulated queue
        // (three by default) for the live rules, and a PBX that is reporting is not stale.
        var evaluator = new RuleEvaluator(new InfluxQlSource(influx.Server, database));
        var now = DateTimeOffset.UtcNow;
        foreach (var rule in AlertingFiles.Rules().AllRules)
        {
            var evaluation = await evaluator.EvaluateAsync(rule, now);
            if (rule.Labels["component"] == "queues")
                Assert.Equal(3, evaluation.Instances.Count);
        }
        var stale = await evaluator.EvaluateAsync(AlertingFiles.Rules().Rule("threecx-live-stale"), now);
        Assert.False(stale.Instance(("pbx", "demo")).ConditionHolds);
    }

    CliRun Cli(string database) => new CliRun { ConfigureLogging = _ => { } }
        .With("Influx:Url", influx.Server.Url.ToString())
        .With("Influx:Database", database)
        // A PBX the user configured is not what the demo reads: it is replaced by the simulated one.
        .With("Pbxs:0:Name", "hq")
        .With("Pbxs:0:BaseUrl", "https://pbx.invalid/")
        .With("Pbxs:0:ClientId", "x")
        .With("Pbxs:0:ClientSecret", "y");

    static async Task<(DateTimeOffset First, DateTimeOffset Last)> FirstAndLastAsync(InfluxServer server, string database, string measurement)
    {
        var answer = await server.QueryAsync(database, $"SELECT first(calls_active) FROM \"{measurement}\"; SELECT last(calls_active) FROM \"{measurement}\"");
        DateTimeOffset Time(int statement) => DateTimeOffset.UnixEpoch.AddTicks(
            answer.GetProperty("results")[statement].GetProperty("series")[0].GetProperty("values")[0][0].GetInt64() / 100);
        return (Time(0), Time(1));
    }

    internal static async Task<HashSet<string>> MeasurementsAsync(InfluxServer server, string database)
    {
        var answer = await server.QueryAsync(database, "SHOW MEASUREMENTS");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        return series[0].GetProperty("values").EnumerateArray().Select(v => v[0].GetString()!).ToHashSet();
    }
}
