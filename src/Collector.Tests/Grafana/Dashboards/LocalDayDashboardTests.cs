using System.Text.Json;
using Collector.Tests.Grafana.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>
/// With <c>Reporting:TimeZone</c> set, the dashboards' own queries (run against a real influxd as Grafana would, in
/// Grafana's default time zone set to the same zone) give the simulator's truth per LOCAL day: the SLA history's daily
/// KPIs per queue, and the wallboard's "today". The truth is grouped by local day here, from the zone's own rules.
/// </summary>
public abstract class LocalDayDashboardTests(LocalDayWorld world)
{
    [Fact]
    public async Task TheDashboardsReadTheZoneTheCollectorWrote()
    {
        foreach (var dashboard in GrafanaFiles.Dashboards())
        {
            var options = await world.Runner.ResolveVariablesAsync(dashboard);
            Assert.Equal([world.ZoneId], options["timezone"]);
        }
    }

    [Fact]
    public async Task TheSlaHistorysDailyKpisPerQueueAreTheTruthPerLocalDay()
    {
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var day = new Dictionary<string, string[]> { ["interval"] = ["1d"] };
        var offered = await PerQueueDayAsync(sla, "export_offered", day);
        var answered = await PerQueueDayAsync(sla, "export_answered", day);
        var abandoned = await PerQueueDayAsync(sla, "export_abandoned", day);
        var sl = await PerQueueDayAsync(sla, "export_sl_pct", day);
        var asa = await PerQueueDayAsync(sla, "export_asa_s", day);
        var aht = await PerQueueDayAsync(sla, "export_aht_s", day);
        var longest = await PerQueueDayAsync(sla, "export_longest_wait_s", day);

        var days = world.LocalDays();
        Assert.True(days.Count >= 1, "no local day was backfilled");
        var checkedPassages = 0;
        foreach (var (start, end) in days)
        {
            var truth = TruthKpis.PerQueue(world.Calls, start, end.AddTicks(-1), world.Rules);
            foreach (var queue in world.Queues)
            {
                var what = $"queue {queue} on the local day from {start:O}";
                var key = (queue, start.ToUnixTimeMilliseconds());
                if (!truth.TryGetValue(queue, out var expected))
                {
                    Assert.True(offered.GetValueOrDefault(key) is null or 0, $"{what}: the dashboard shows calls the truth has not");
                    continue;
                }
                checkedPassages += expected.Passages;
                Assert.True(expected.Offered == (int?)offered.GetValueOrDefault(key), $"{what}: offered {expected.Offered}, the dashboard shows {offered.GetValueOrDefault(key)}");
                Assert.True(expected.Answered == (int?)answered.GetValueOrDefault(key), $"{what}: answered {expected.Answered}, the dashboard shows {answered.GetValueOrDefault(key)}");
                Assert.True(expected.Abandoned == (int?)abandoned.GetValueOrDefault(key), $"{what}: abandoned {expected.Abandoned}, the dashboard shows {abandoned.GetValueOrDefault(key)}");
                AssertClose(expected.ServiceLevelPercent, sl.GetValueOrDefault(key), 0.01, $"{what}: SL%");
                AssertClose(expected.AsaS, asa.GetValueOrDefault(key), 0.001, $"{what}: ASA");
                AssertClose(expected.AhtS, aht.GetValueOrDefault(key), 0.001, $"{what}: AHT");
                AssertClose(expected.LongestWaitS, longest.GetValueOrDefault(key), 0.001, $"{what}: longest wait");
            }
        }
        Assert.True(checkedPassages > 50, $"only {checkedPassages} passages in the local days checked");

        // The zone matters here: grouped by UTC day, the same passages give other daily numbers.
        var utcDays = TruthKpis.PerQueueDay(world.Calls.Where(c => c.Start >= days[0].Start), world.Rules);
        var byLocalDay = days.SelectMany(d => TruthKpis.PerQueue(world.Calls, d.Start, d.End.AddTicks(-1), world.Rules)
            .Select(kv => (kv.Key, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(d.Start, world.Zone).DateTime), kv.Value.Offered)));
        Assert.Contains(byLocalDay, l => utcDays.GetValueOrDefault(new QueueDay(l.Key, l.Day))?.Offered != l.Offered);
    }

    [Fact]
    public async Task TheSlaHistorysPerQueueGraphsBucketEachLocalDay()
    {
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var today = world.LocalMidnight(world.SimulatedNow);
        var truth = TruthKpis.PerQueue(world.Calls, today, world.SimulatedNow, world.Rules);
        foreach (var queue in world.Queues)
        {
            var selection = new Dictionary<string, string[]> { ["interval"] = ["1d"], ["queue"] = [queue] };
            var series = Assert.Single(await SeriesAsync(sla, "per_offered", queue, selection));
            var stamps = series.Rows.Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r[0].GetInt64())).ToList();
            Assert.All(stamps, s => Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(s, world.Zone).TimeOfDay));
            var todays = series.Rows.Single(r => r[0].GetInt64() == today.ToUnixTimeMilliseconds());
            Assert.Equal(truth.GetValueOrDefault(queue)?.Offered ?? 0, (int)todays[^1].GetDouble());
        }
    }

    [Fact]
    public async Task TheWallboardsTodayIsTheLocalDay()
    {
        var wallboard = GrafanaFiles.Dashboard("threecx-wallboard");
        var (from, to) = world.Runner.Range(wallboard, null);
        var midnight = world.LocalMidnight(world.SimulatedNow);
        Assert.Equal(midnight, from);
        Assert.Equal(world.NextLocalMidnight(midnight).AddMilliseconds(-1), to);

        var total = TruthKpis.Total(world.Calls, midnight, world.SimulatedNow, world.Rules);
        Assert.True(total.Offered > 5, $"only {total.Offered} calls today");
        Assert.Equal(total.Offered, (int)await NumberAsync(wallboard, "total_offered", null));
        Assert.Equal(total.Answered, (int)await NumberAsync(wallboard, "total_answered", null));
        Assert.Equal(total.Abandoned, (int)await NumberAsync(wallboard, "total_abandoned", null));
        AssertClose(total.ServiceLevelPercent, await NumberAsync(wallboard, "total_sl", null), 0.01, "SL% today");
        AssertClose(total.AsaS, await NumberAsync(wallboard, "total_asa", null), 0.001, "ASA today");
        Assert.NotEqual(new DateTimeOffset(world.SimulatedNow.UtcDateTime.Date, TimeSpan.Zero), midnight);   // the zone matters here
    }

    /// <summary>A per-queue-per-period export query: (queue, bucket start in epoch ms) → value.</summary>
    async Task<Dictionary<(string Queue, long Ms), double?>> PerQueueDayAsync(Dashboard dashboard, string refId, IReadOnlyDictionary<string, string[]> overrides)
    {
        var values = new Dictionary<(string, long), double?>();
        foreach (var series in await SeriesAsync(dashboard, refId, null, overrides))
            foreach (var row in series.Rows)
                values[(series.Tag("queue"), row[0].GetInt64())] = row[^1].ValueKind == JsonValueKind.Number ? row[^1].GetDouble() : null;
        return values;
    }

    async Task<double> NumberAsync(Dashboard dashboard, string refId, string? queue)
    {
        var only = Assert.Single(await SeriesAsync(dashboard, refId, queue, null));
        return only.LastNumber() ?? throw new Xunit.Sdk.XunitException($"{refId}: no number");
    }

    async Task<IReadOnlyList<InfluxSeries>> SeriesAsync(Dashboard dashboard, string refId, string? queue, IReadOnlyDictionary<string, string[]>? overrides)
    {
        var query = await world.Runner.PlanOneAsync(dashboard, refId, queue, overrides);
        if (query.Expanded.Contains("GROUP BY time(", StringComparison.Ordinal))
            Assert.EndsWith($" tz('{world.ZoneId}')", query.Expanded, StringComparison.Ordinal);
        return await world.Runner.SeriesAsync(query);
    }

    static void AssertClose(double? expected, double? actual, double tolerance, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected?.ToString() ?? "none"}, the dashboard shows {actual?.ToString() ?? "none"}");
        if (expected is { } e && actual is { } a)
            Assert.True(Math.Abs(e - a) <= tolerance, $"{what}: expected {e}, the dashboard shows {a} (tolerance {tolerance})");
    }
}

[Trait("Category", "Slow")]
public sealed class PerthLocalDayDashboardTests(PerthWorld world) : LocalDayDashboardTests(world), IClassFixture<PerthWorld>;

[Trait("Category", "Slow")]
public sealed class BerlinDstLocalDayDashboardTests(BerlinDstWorld world) : LocalDayDashboardTests(world), IClassFixture<BerlinDstWorld>
{
    [Fact]
    public void TheDaylightSavingSundayIsOneDayOfTwentyThreeHours()
    {
        var days = world.LocalDays();
        var sunday = Assert.Single(days, d => d.Start == new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero), sunday.End);
        Assert.Contains(days, d => d.Start == new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero));
        // Calls in the hour after the change's local midnight (22:00–23:00 UTC) belong to Monday, not to Sunday.
        Assert.Contains(world.Calls, c => c.Start >= sunday.End && c.Start < sunday.End.AddHours(1));
    }
}
