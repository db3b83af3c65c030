using System.Globalization;
using System.Text.Json;
using Collector.CallLog.Rollups;
using Collector.Tests.Grafana.Support;
using Collector.Testing;
using Collector.Testing.Truth;

namespace Collector.Tests.CallLog.Rollups;

/// <summary>
/// Three weeks of a Berlin call centre (<c>--time-zone Europe/Berlin</c>, <c>Reporting:TimeZone</c> the same) up to the
/// morning of Thursday 2 April 2026: across the last Sunday of March (23 hours) and the first of April. The collector's
/// own pipeline backfills from the local midnight of 12 March and syncs once; then the simulator's clock moves on and the
/// sync runs again, bringing the calls that were still in progress at the first sync (late calls for a day and a month
/// already rolled up); then the whole range is backfilled again. The rollups are kept after each step. A second database
/// gets the last day with <c>CallLog:CallbackList=false</c>.
/// </summary>
public sealed class RollupWorld : IAsyncLifetime
{
    public const string PbxName = "berlin";
    public const string Database = "threecx";
    public const string NoCallbacksDatabase = "threecx_nocallbacks";
    public const string ZoneId = "Europe/Berlin";
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
    public static readonly DateTimeOffset Start = new(2026, 4, 2, 8, 30, 0, TimeSpan.Zero);

    /// <summary>Local midnight of Thursday 12 March: where the backfill starts (the simulator's history starts a day earlier).</summary>
    public static readonly DateTimeOffset BackfilledFrom = LocalPeriod.Day(new DateOnly(2026, 3, 12), Zone).Start;

    /// <summary>How far the clock moves between the two syncs.</summary>
    public static readonly TimeSpan LateBy = TimeSpan.FromMinutes(30);

    InfluxServer? _influx;
    SimulatorHost? _sim;

    public InfluxServer Influx => _influx ?? throw new InvalidOperationException("Not started.");

    /// <summary>The simulator's now at the first sync, and at the second.</summary>
    public DateTimeOffset FirstNow { get; private set; }
    public DateTimeOffset SecondNow { get; private set; }

    /// <summary>The truth as the simulator told it at the first sync, and at the second (more calls finished).</summary>
    public IReadOnlyList<TruthCall> CallsAtFirstSync { get; private set; } = [];
    public IReadOnlyList<TruthCall> Calls { get; private set; } = [];
    public KpiRules Rules { get; private set; } = KpiRules.Defaults;

    /// <summary>The rollups after the first sync, after the second, and after the range was backfilled again.</summary>
    internal StoredRollups AfterFirstSync { get; private set; } = StoredRollups.Empty;
    internal StoredRollups AfterLateCalls { get; private set; } = StoredRollups.Empty;
    internal StoredRollups AfterBackfillAgain { get; private set; } = StoredRollups.Empty;

    /// <summary>The passages' own stamps: the first local day begins at <see cref="BackfilledFrom"/>; the last ends at <see cref="SecondNow"/>.</summary>
    internal IReadOnlyList<LocalPeriod> Days { get; private set; } = [];

    public DashboardQueryRunner Runner { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _sim = await SimulatorHost.StartAsync(
            "--seed", "21", "--speed", "0", "--start", Start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "--history-days", "22", "--queues", "3", "--agents", "12", "--time-zone", ZoneId);
        FirstNow = (await SimulatorTruth.LiveAsync(_sim)).Now;
        Rules = await SimulatorTruth.KpiRulesAsync(_sim, KpiRules.Defaults);

        await using (var pipeline = new CollectorPipeline(_sim, _influx.Url, Database, PbxName, FirstNow, ZoneId))
        {
            await pipeline.BackfillAsync(BackfilledFrom, FirstNow);
            await pipeline.SyncAsync();
            AfterFirstSync = await StoredRollups.ReadAsync(_influx, Database);
            CallsAtFirstSync = await SimulatorTruth.CallsAsync(_sim, BackfilledFrom, FirstNow.AddSeconds(1));

            SecondNow = await _sim.AdvanceClockAsync(LateBy);
            await pipeline.SyncAsync();
            AfterLateCalls = await StoredRollups.ReadAsync(_influx, Database);
            Calls = await SimulatorTruth.CallsAsync(_sim, BackfilledFrom, SecondNow.AddSeconds(1));

            await pipeline.BackfillAsync(BackfilledFrom, FirstNow, restart: true);
            AfterBackfillAgain = await StoredRollups.ReadAsync(_influx, Database);
            await pipeline.FlushAsync();   // the sync's run point: the dashboards' $timezone
            Runner = new DashboardQueryRunner(_influx.Http, Database, SecondNow, Zone);
        }

        var today = LocalPeriod.DayOf(SecondNow, Zone);
        await using (var noCallbacks = new CollectorPipeline(_sim, _influx.Url, NoCallbacksDatabase, PbxName, SecondNow, ZoneId,
                         new Dictionary<string, string?> { ["CallLog:CallbackList"] = "false" }))
            await noCallbacks.BackfillAsync(today.Start.AddDays(-1), SecondNow);

        var days = new List<LocalPeriod>();
        for (var day = LocalPeriod.DayOf(BackfilledFrom, Zone); day.Start < SecondNow; day = LocalPeriod.Day(day.First.AddDays(1), Zone))
            days.Add(day);
        Days = days;
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
    }
}

/// <summary>Every <c>queue_day</c> and <c>queue_month</c> point stored: (measurement, queue, stamp) → field → value.</summary>
internal sealed class StoredRollups(IReadOnlyDictionary<(string Measurement, string Queue, DateTimeOffset Stamp), IReadOnlyDictionary<string, double?>> points)
{
    public static readonly StoredRollups Empty = new(new Dictionary<(string, string, DateTimeOffset), IReadOnlyDictionary<string, double?>>());

    public IReadOnlyDictionary<(string Measurement, string Queue, DateTimeOffset Stamp), IReadOnlyDictionary<string, double?>> Points { get; } = points;

    public IReadOnlyDictionary<string, double?>? Of(LocalPeriod period, string queue) =>
        Points.GetValueOrDefault((RollupQueries.MeasurementOf(period.Kind), queue, period.Start));

    public static async Task<StoredRollups> ReadAsync(InfluxServer influx, string database)
    {
        var points = new Dictionary<(string, string, DateTimeOffset), IReadOnlyDictionary<string, double?>>();
        foreach (var measurement in new[] { RollupQueries.DayMeasurement, RollupQueries.MonthMeasurement })
        {
            var answer = (await influx.QueryAsync(database, $"SELECT * FROM \"{measurement}\" GROUP BY \"pbx\", \"queue\"")).GetProperty("results")[0];
            if (!answer.TryGetProperty("series", out var series))
                continue;
            foreach (var s in series.EnumerateArray())
            {
                var queue = s.GetProperty("tags").GetProperty("queue").GetString()!;
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                foreach (var row in s.GetProperty("values").EnumerateArray())
                {
                    var values = row.EnumerateArray().ToArray();
                    var stamp = DateTimeOffset.FromUnixTimeMilliseconds(values[0].GetInt64() / 1_000_000);
                    points[(measurement, queue, stamp)] = columns.Skip(1).Select((c, i) => (c, v: values[i + 1]))
                        .ToDictionary(x => x.c, x => x.v.ValueKind == JsonValueKind.Number ? x.v.GetDouble() : (double?)null);
                }
            }
        }
        return new StoredRollups(points);
    }
}
