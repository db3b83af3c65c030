using System.Text.Json;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A 5-queue call centre simulated for four days up to Thursday 06:00 UTC (Sunday 06:00 to Wednesday: four finished UTC
/// days, one a weekend day), backfilled into a real influxd by <c>collector backfill</c> as a user runs it. Each test
/// reconciles in a database of its own holding a copy of those <c>queue_call</c> points (<see cref="NewDatabaseAsync"/>),
/// with <c>collector reconcile</c> on a clock that runs from the simulator's "now".
/// </summary>
public sealed class ReconcileWorld : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);
    public static readonly DateOnly[] Days = [new(2026, 11, 22), new(2026, 11, 23), new(2026, 11, 24), new(2026, 11, 25)];
    public static readonly string[] Queues = ["800", "801", "802", "803", "804"];
    const string Backfilled = "reconcile_backfilled";

    static readonly string[] Model =
        ["--seed", "5", "--speed", "0", "--start", "2026-11-26T06:00:00Z", "--history-days", "4", "--queues", "5", "--agents", "25", "--calls-per-hour", "120"];

    readonly TempDirectory _folder = new("reconcile");
    InfluxServer? _influx;
    SimulatorHost? _sim;

    public InfluxServer Influx => _influx ?? throw new InvalidOperationException("Not started.");

    public SimulatorHost Sim => _sim ?? throw new InvalidOperationException("Not started.");

    /// <summary>The simulator's truth of the four days' finished calls.</summary>
    public IReadOnlyList<TruthCall> Truth { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _sim = await SimulatorHost.StartAsync(Model);
        var backfill = await Cli(Backfilled).InvokeAsync("backfill", "--from", "2026-11-22", "--to", "2026-11-25", "--json");
        if (backfill.ExitCode != 0) throw new InvalidOperationException($"The backfill failed ({backfill.ExitCode}): {backfill.Out}\n{backfill.Error}");
        Truth = await SimulatorTruth.FinishedCallsAsync(_sim, Start.AddDays(-5), Start);
    }

    /// <summary>A new database holding a copy of the backfilled <c>queue_call</c> points (and nothing else).</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var database = $"reconcile_{Guid.NewGuid():N}";
        await Influx.QueryAsync(database, $"CREATE DATABASE {database}");
        await Influx.QueryAsync(Backfilled, $"SELECT * INTO \"{database}\".\"autogen\".\"queue_call\" FROM \"queue_call\" GROUP BY *");
        return database;
    }

    /// <summary><c>collector</c> configured for this simulator and <paramref name="database"/>, on a clock running from the simulator's now.</summary>
    public CliRun Cli(string database) => new CliRun { Time = new ShiftedTimeProvider(Start - DateTimeOffset.UtcNow) }
        .WithAll(PipelineKit.SettingsFor(Sim, Influx, database, $"Data Source={_folder.File($"{database}.db")}"));

    /// <summary>The <c>queue_reconcile</c> points of a database: (day, queue, kpi) → (ours, theirs, difference).</summary>
    public async Task<Dictionary<(DateOnly Day, string Queue, string Kpi), (double Ours, double Theirs, double Difference)>> PointsAsync(string database)
    {
        var answer = await Influx.QueryAsync(database, "SELECT \"ours\", \"theirs\", \"difference\" FROM \"queue_reconcile\" GROUP BY \"queue\", \"kpi\"");
        var result = new Dictionary<(DateOnly, string, string), (double, double, double)>();
        var first = answer.GetProperty("results")[0];
        if (!first.TryGetProperty("series", out var series)) return result;
        foreach (var s in series.EnumerateArray())
        {
            var tags = s.GetProperty("tags");
            foreach (var row in s.GetProperty("values").EnumerateArray())
            {
                var day = DateOnly.FromDateTime(DateTimeOffset.UnixEpoch.AddTicks(row[0].GetInt64() / 100).UtcDateTime);
                result[(day, tags.GetProperty("queue").GetString()!, tags.GetProperty("kpi").GetString()!)] = (row[1].GetDouble(), row[2].GetDouble(), row[3].GetDouble());
            }
        }
        return result;
    }

    /// <summary>The newest <c>collector</c> point of the reconcile job: its tags and fields by column name.</summary>
    public async Task<Dictionary<string, JsonElement>> LastRunAsync(string database)
    {
        var answer = await Influx.QueryAsync(database, "SELECT * FROM \"collector\" WHERE \"job\" = 'reconcile' ORDER BY time DESC LIMIT 1");
        var series = answer.GetProperty("results")[0].GetProperty("series")[0];
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        var row = series.GetProperty("values")[0];
        return columns.Select((c, i) => (c, row[i])).ToDictionary(p => p.c, p => p.Item2.Clone());
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
        _folder.Dispose();
    }
}
