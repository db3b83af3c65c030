using System.Globalization;
using System.Text.Json;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// A call centre whose abandoned callers are tried again (<c>--callback-share 0.3</c>): a day of history backfilled and
/// one sync by the collector's own pipeline into a real influxd, the simulator frozen in the afternoon; then the morning
/// backfilled again.
/// </summary>
public sealed class CallbackWorld : IAsyncLifetime
{
    public const string Database = "threecx";
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 16, 0, 0, TimeSpan.Zero);

    InfluxServer? _influx;
    SimulatorHost? _sim;

    public DateTimeOffset SimulatedNow { get; private set; }
    public DashboardQueryRunner Runner { get; private set; } = null!;
    public IReadOnlyList<TruthAbandonedCaller> Abandoned { get; private set; } = [];
    public IReadOnlyList<TruthCall> Calls { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _sim = await SimulatorHost.StartAsync(
            "--seed", "12", "--speed", "0", "--start", Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "--history-days", "1", "--queues", "3", "--agents", "10", "--callback-share", "0.3");
        SimulatedNow = (await SimulatorTruth.LiveAsync(_sim)).Now;
        await using (var pipeline = new CollectorPipeline(_sim, _influx.Url, Database, "centre", SimulatedNow))
        {
            await pipeline.BackfillAsync(Start.AddDays(-1), SimulatedNow);
            await pipeline.SyncAsync();
            // Today's morning backfilled again (as `collector backfill` over a synced range): its windows rewrite their
            // abandons without forgetting the contacts later windows found.
            await pipeline.BackfillAsync(new DateTimeOffset(Start.UtcDateTime.Date, TimeSpan.Zero), Start.AddHours(-2));
            await pipeline.FlushAsync();
            Runner = new DashboardQueryRunner(_influx.Http, Database, pipeline.Now);
        }

        Abandoned = await SimulatorTruth.AbandonedAsync(_sim, Start.AddDays(-1), SimulatedNow.AddSeconds(1));
        Calls = await SimulatorTruth.CallsAsync(_sim, Start.AddDays(-1), SimulatedNow.AddSeconds(1));
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
    }
}

/// <summary>
/// The queue dashboard's "Callers to call back" table, run as Grafana runs it against what the sync wrote, lists exactly
/// the simulator's abandoned callers of today, each reached or not as the truth says, with the answer that reached them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CallbackListTests(CallbackWorld world) : IClassFixture<CallbackWorld>
{
    [Fact]
    public async Task TheCallbackTableListsTodaysAbandonedCallersAndWhetherAndWhenTheyWereReachedAsTheTruthSays()
    {
        var dashboard = GrafanaFiles.Dashboard("threecx-queue-sla");
        var query = await world.Runner.PlanOneAsync(dashboard, "callbacks");
        var midnight = new DateTimeOffset(world.SimulatedNow.UtcDateTime.Date, TimeSpan.Zero);
        Assert.Equal(midnight, query.From);   // today only
        var answer = await world.Runner.SeriesAsync(query);

        var shown = new List<string>();
        var waits = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var series in answer)
        {
            int At(string column) => series.Columns.ToList().IndexOf(column);
            foreach (var row in series.Rows)
            {
                var reachedAt = row[At("reached_at")].ValueKind == JsonValueKind.Number ? row[At("reached_at")].GetInt64() : (long?)null;
                waits[$"{row[At("number")].GetString()} {row[0].GetInt64()}"] = row[At("wait_s")].GetDouble();
                shown.Add(Line(row[At("number")].GetString()!, row[At("queue")].GetString()!, row[0].GetInt64(),
                    row[At("reached")].GetInt64() == 1, reachedAt, row[At("reached_by")].ValueKind == JsonValueKind.String ? row[At("reached_by")].GetString() : null));
            }
        }

        // The call log lists finished calls only: a caller reached by a call still in progress is not reached yet there.
        var finished = world.Calls.Where(c => c.Finished).Select(c => c.CallId).ToHashSet(StringComparer.Ordinal);
        var expected = world.Abandoned
            .Where(a => a.AbandonedAt >= midnight && a.AbandonedAt < world.SimulatedNow)
            .Select(a => a.Reached && finished.Contains(a.ReachedCallId!)
                ? Line(a.Caller, a.Queue, a.AbandonedAt.ToUnixTimeMilliseconds(), true, a.ReachedAt!.Value.ToUnixTimeMilliseconds(), a.ReachedBy)
                : Line(a.Caller, a.Queue, a.AbandonedAt.ToUnixTimeMilliseconds(), false, null, null))
            .ToList();

        Assert.True(expected.Count >= 10, $"only {expected.Count} abandoned callers today");
        Assert.Contains(expected, l => l.Contains("reached by outbound", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.Contains("reached by inbound", StringComparison.Ordinal));
        Assert.Contains(expected, l => l.Contains("not reached", StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        foreach (var a in world.Abandoned.Where(a => a.AbandonedAt >= midnight && a.AbandonedAt < world.SimulatedNow))
            Assert.True(Math.Abs(a.WaitSeconds - waits[$"{a.Caller} {a.AbandonedAt.ToUnixTimeMilliseconds()}"]) < 0.01, $"{a.CallId}: waited {a.WaitSeconds} s");
    }

    [Fact]
    public void TheTableShowsTheUnreachedFirstThenByWhen()
    {
        var panel = Assert.Single(GrafanaFiles.Dashboard("threecx-queue-sla").Panels, p => p.Targets.Any(t => t.RefId == "callbacks"));
        Assert.Equal("table", panel.Type);
        Assert.Contains("ORDER BY time ASC", panel.Targets.Single().Query, StringComparison.Ordinal);
        var sort = Assert.Single(panel.Json["transformations"]!.AsArray(), t => (string?)t!["id"] == "sortBy")!;
        Assert.Equal("reached", (string?)sort["options"]!["sort"]![0]!["field"]);
        Assert.False((bool?)sort["options"]!["sort"]![0]!["desc"] ?? false);
    }

    // The hang-up and the answer to the millisecond.
    static string Line(string number, string queue, long abandonedMs, bool reached, long? reachedMs, string? by) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{number} {queue} {abandonedMs} {(reached ? $"reached by {by} at {reachedMs}" : "not reached")}");
}
