using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// A call centre in a time zone other than UTC: the simulator frozen at <see cref="Start"/> with
/// <see cref="HistoryDays"/> of calls before it, all backfilled by the collector's own pipeline configured with
/// <c>Reporting:TimeZone</c> = <see cref="ZoneId"/>, one sync (its run point carries the zone) and the outbox flushed
/// into a real influxd. Grafana is played in the same zone (its default time zone, as docker-compose.yml sets it).
/// </summary>
public abstract class LocalDayWorld : IAsyncLifetime
{
    public const string PbxName = "centre";
    public const string Database = "threecx";

    protected LocalDayWorld(string zoneId, DateTimeOffset start, int historyDays)
    {
        ZoneId = zoneId;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        Start = start;
        HistoryDays = historyDays;
    }

    public string ZoneId { get; }
    public TimeZoneInfo Zone { get; }
    public DateTimeOffset Start { get; }
    public int HistoryDays { get; }

    /// <summary>The first instant the collector backfilled: calls before it are not in InfluxDB.</summary>
    public DateTimeOffset BackfilledFrom => Start.AddDays(-HistoryDays);

    InfluxServer? _influx;
    SimulatorHost? _sim;

    public DateTimeOffset SimulatedNow { get; private set; }
    public IReadOnlyList<TruthCall> Calls { get; private set; } = [];
    public KpiRules Rules { get; private set; } = KpiRules.Defaults;
    public IReadOnlyList<string> Queues { get; private set; } = [];
    public DashboardQueryRunner Runner { get; private set; } = null!;

    /// <summary>Midnight in <see cref="Zone"/> of the local day that holds <paramref name="at"/>, as an instant.</summary>
    public DateTimeOffset LocalMidnight(DateTimeOffset at)
    {
        var wall = TimeZoneInfo.ConvertTime(at, Zone).Date;
        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    /// <summary>The next local midnight after the one at <paramref name="midnight"/> (23, 24 or 25 hours later).</summary>
    public DateTimeOffset NextLocalMidnight(DateTimeOffset midnight)
    {
        var wall = TimeZoneInfo.ConvertTime(midnight, Zone).Date.AddDays(1);
        return new DateTimeOffset(wall, Zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    /// <summary>Every local day whose start the backfill covers, up to today (cut at now): [start, end).</summary>
    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> LocalDays()
    {
        var days = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var day = LocalMidnight(BackfilledFrom); day <= SimulatedNow; day = NextLocalMidnight(day))
            if (day >= BackfilledFrom)
                days.Add((day, NextLocalMidnight(day) < SimulatedNow ? NextLocalMidnight(day) : SimulatedNow));
        return days;
    }

    public async Task InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _sim = await SimulatorHost.StartAsync(
            "--seed", "11", "--speed", "0", "--start", Start.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            "--history-days", HistoryDays.ToString(System.Globalization.CultureInfo.InvariantCulture), "--queues", "3", "--agents", "12");
        SimulatedNow = (await SimulatorTruth.LiveAsync(_sim)).Now;

        await using (var pipeline = new CollectorPipeline(_sim, _influx.Url, Database, PbxName, SimulatedNow, ZoneId))
        {
            await pipeline.BackfillAsync(BackfilledFrom, SimulatedNow);
            await pipeline.SyncAsync();
            await pipeline.FlushAsync();
            Runner = new DashboardQueryRunner(_influx.Http, Database, pipeline.Now, Zone);
        }

        Calls = await SimulatorTruth.CallsAsync(_sim, BackfilledFrom, SimulatedNow.AddSeconds(1));
        Rules = await SimulatorTruth.KpiRulesAsync(_sim, KpiRules.Defaults);
        Queues = (await SimulatorTruth.LiveAsync(_sim)).Queues.Select(q => q.Queue).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task DisposeAsync()
    {
        if (_sim is not null) await _sim.DisposeAsync();
        if (_influx is not null) await _influx.DisposeAsync();
    }
}

/// <summary>Perth (UTC+8, no daylight saving) early on a Monday afternoon: its day began at 16:00 UTC the day before.</summary>
public sealed class PerthWorld() : LocalDayWorld("Australia/Perth", new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero), 1);

/// <summary>
/// Berlin on the Monday morning after the last Sunday of March: Sunday 2026-03-29 was 23 hours long (clocks went from
/// 02:00 CET to 03:00 CEST), from 2026-03-28T23:00Z to 2026-03-29T22:00Z.
/// </summary>
public sealed class BerlinDstWorld() : LocalDayWorld("Europe/Berlin", new DateTimeOffset(2026, 3, 30, 7, 30, 0, TimeSpan.Zero), 3);
