using System.Globalization;
using System.Text.Json;
using Collector.CallLog.Rollups;
using Collector.Tests.Grafana.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.CallLog.Rollups;

/// <summary>
/// The rollups the collector wrote over three simulated weeks in Berlin (<see cref="RollupWorld"/>): per queue and local
/// day and per queue and local calendar month they are the simulator's truth and the per-passage points they summarise,
/// a late call changes its day's and month's rollup, a second backfill leaves them as they were, and the SLA dashboard's
/// month-by-month table shows them.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RollupTests(RollupWorld world) : IClassFixture<RollupWorld>
{
    static readonly TimeZoneInfo Zone = RollupWorld.Zone;

    IEnumerable<LocalPeriod> Months => world.Days.Select(d => d.MonthOfDay(Zone)).Distinct();

    [Fact]
    public void TheWeeksCrossTheDaylightSavingSundayAndTheFirstOfApril()
    {
        Assert.True(world.Days.Count >= 21, $"only {world.Days.Count} local days");
        Assert.Contains(world.Days, d => d.First == new DateOnly(2026, 3, 29) && d.End - d.Start == TimeSpan.FromHours(23));
        Assert.Equal([new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1)], Months.Select(m => m.First));
    }

    [Fact]
    public void EveryLocalDaysRollupPerQueueIsTheTruthOfThatDay()
    {
        var passages = 0;
        foreach (var day in world.Days)
            passages += AssertPeriodIsTheTruth(world.AfterLateCalls, day, world.Calls, world.SecondNow);
        Assert.True(passages > 1000, $"only {passages} passages in three weeks");
    }

    [Fact]
    public void EachCalendarMonthsRollupIsTheTruthOfThatMonth()
    {
        foreach (var month in Months)
            Assert.True(AssertPeriodIsTheTruth(world.AfterLateCalls, month, world.Calls, world.SecondNow) > 100, $"month {month}: too few passages");
        // The evening of 31 March UTC (22:00 onwards) is April in Berlin: the months are not UTC's.
        var utcMarch = TruthKpis.Total(world.Calls, new DateTimeOffset(2026, 3, 12, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1), world.Rules);
        var march = Months.First();
        Assert.NotEqual(utcMarch.Offered, (int)world.Queues().Sum(q => world.AfterLateCalls.Of(march, q)?["offered"] ?? 0));
    }

    [Fact]
    public async Task TheRollupsEqualThePerPassagePointsTheySummarise()
    {
        foreach (var period in world.Days.Concat(Months))
        {
            var perPassage = await PerPassageAsync(period);
            Assert.True(perPassage.Count > 0, $"{period}: no passages stored");
            foreach (var (queue, fields) in perPassage)
            {
                var rollup = world.AfterLateCalls.Of(period, queue) ?? throw new Xunit.Sdk.XunitException($"{period} queue {queue}: no rollup");
                foreach (var (field, value) in fields)
                    AssertClose(value, rollup.GetValueOrDefault(field), 1e-6, $"{period} queue {queue} {field}");
            }
            var rolledUp = world.AfterLateCalls.Points.Keys.Where(k => k.Measurement == RollupQueries.MeasurementOf(period.Kind) && k.Stamp == period.Start).Select(k => k.Queue);
            Assert.Equal(perPassage.Keys.Order(StringComparer.Ordinal), rolledUp.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void ALateCallChangesItsDaysAndItsMonthsRollup()
    {
        // A call in progress at the first sync entered its queue before the rollups were computed and was written by the second.
        var late = world.CallsAtFirstSync.Where(c => !c.Finished).Select(c => c.CallId).ToHashSet();
        var arrivedLate = world.Calls.Where(c => late.Contains(c.CallId) && c.Finished).SelectMany(c => c.Passages).Where(p => p.Enter < world.FirstNow).ToList();
        Assert.NotEmpty(arrivedLate);

        var today = LocalPeriod.DayOf(world.FirstNow, Zone);
        var april = today.MonthOfDay(Zone);
        Assert.True(arrivedLate.All(p => p.Enter >= today.Start), "the late passages are today's");
        AssertPeriodIsTheTruth(world.AfterFirstSync, today, world.CallsAtFirstSync, world.FirstNow);
        AssertPeriodIsTheTruth(world.AfterFirstSync, april, world.CallsAtFirstSync, world.FirstNow);
        AssertPeriodIsTheTruth(world.AfterLateCalls, today, world.Calls, world.SecondNow);
        AssertPeriodIsTheTruth(world.AfterLateCalls, april, world.Calls, world.SecondNow);
        foreach (var queue in arrivedLate.Select(p => p.Queue).Distinct())
        {
            Assert.True(world.AfterLateCalls.Of(today, queue)!["passages"] > (world.AfterFirstSync.Of(today, queue)?["passages"] ?? 0), $"queue {queue}: today's rollup did not grow");
            Assert.True(world.AfterLateCalls.Of(april, queue)!["passages"] > (world.AfterFirstSync.Of(april, queue)?["passages"] ?? 0), $"queue {queue}: April's rollup did not grow");
        }
        // Yesterday was not touched by the second sync.
        var yesterday = LocalPeriod.Day(today.First.AddDays(-1), Zone);
        foreach (var queue in world.Queues())
            Assert.Equal(world.AfterFirstSync.Of(yesterday, queue)?["offered"], world.AfterLateCalls.Of(yesterday, queue)?["offered"]);
    }

    [Fact]
    public void BackfillingTheRangeAgainLeavesEveryRollupAsItWas()
    {
        Assert.True(world.AfterLateCalls.Points.Count > 60, $"only {world.AfterLateCalls.Points.Count} rollup points");
        Assert.Equal(world.AfterLateCalls.Points.Keys.Order(), world.AfterBackfillAgain.Points.Keys.Order());
        foreach (var (key, fields) in world.AfterLateCalls.Points)
            Assert.Equal(fields.OrderBy(f => f.Key), world.AfterBackfillAgain.Points[key].OrderBy(f => f.Key));
    }

    [Fact]
    public async Task TheSlaDashboardsMonthByMonthTableShowsEachQueuesMonthsAsTheTruth()
    {
        var sla = GrafanaFiles.Dashboard("threecx-queue-sla");
        var query = await world.Runner.PlanOneAsync(sla, "month_by_month");
        Assert.True(query.From <= LocalPeriod.Month(new DateOnly(2025, 4, 1), Zone).Start, $"the table starts at {query.From:O}, less than 12 months back");
        var answer = await world.Runner.SeriesAsync(query);

        var rows = 0;
        foreach (var series in answer)
        {
            var queue = series.Tag("queue");
            foreach (var row in series.Rows)
            {
                var month = LocalPeriod.MonthOf(DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64()), Zone);
                Assert.Equal(month.Start.ToUnixTimeMilliseconds(), row[0].GetInt64());
                var expected = TruthKpis.PerQueue(world.Calls, Later(month.Start, RollupWorld.BackfilledFrom), Earlier(month.End, world.SecondNow).AddTicks(-1), world.Rules)[queue];
                double? Column(string name) => row[series.Columns.ToList().IndexOf(name)] is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : null;
                var what = $"month {month} queue {queue}";
                Assert.Equal(expected.Offered, Column("offered"));
                Assert.Equal(expected.Answered, Column("answered"));
                Assert.Equal(expected.Abandoned, Column("abandoned"));
                AssertClose(expected.ServiceLevelPercent, Column("sl_pct"), 1e-6, what + " SL%");
                AssertClose(expected.AsaS, Column("asa_s"), 0.001, what + " ASA");
                AssertClose(expected.AhtS, Column("aht_s"), 0.001, what + " AHT");
                AssertClose(expected.Offered == 0 ? null : 100.0 * expected.Abandoned / expected.Offered, Column("abandon_rate_pct"), 1e-6, what + " abandon rate");
                rows++;
            }
        }
        Assert.Equal(2 * world.Queues().Count(), rows);
    }

    [Fact]
    public async Task WithTheCallbackListOffTheCallLogWritesNoCallbackPoints()
    {
        var today = LocalPeriod.DayOf(world.SecondNow, Zone);
        var span = $"time >= {InfluxServer.Nanoseconds(today.Start.AddDays(-1))} AND time < {InfluxServer.Nanoseconds(world.SecondNow)}";
        // The same span of the same call centre: with the list on (the default) its abandoned callers are there ...
        Assert.True((await world.Influx.ScalarAsync(RollupWorld.Database, $"SELECT count(\"wait_s\") FROM \"callback\" WHERE {span}"))?.GetInt64() > 0,
            "no abandoned caller in the span: the test would prove nothing");
        // ... with it off the calls are written, and not one callback point.
        Assert.True((await world.Influx.ScalarAsync(RollupWorld.NoCallbacksDatabase, $"SELECT count(\"wait_s\") FROM \"queue_call\" WHERE {span}"))?.GetInt64() > 100);
        var measurements = (await world.Influx.QueryAsync(RollupWorld.NoCallbacksDatabase, "SHOW MEASUREMENTS")).GetRawText();
        Assert.Contains("queue_call", measurements, StringComparison.Ordinal);
        Assert.DoesNotContain("\"callback\"", measurements, StringComparison.Ordinal);
    }

    /// <summary>Asserts each queue's rollup of the period is the truth of its finished passages up to <paramref name="now"/>; returns their count.</summary>
    int AssertPeriodIsTheTruth(StoredRollups rollups, LocalPeriod period, IReadOnlyList<TruthCall> calls, DateTimeOffset now)
    {
        var truth = TruthKpis.PerQueue(calls, Later(period.Start, RollupWorld.BackfilledFrom), Earlier(period.End, now).AddTicks(-1), world.Rules);
        var passages = 0;
        foreach (var queue in world.Queues())
        {
            var what = $"{period.Kind} {period} queue {queue}";
            var rollup = rollups.Of(period, queue);
            if (!truth.TryGetValue(queue, out var expected))
            {
                Assert.True(rollup is null, $"{what}: a rollup the truth has no passage for");
                continue;
            }
            Assert.True(rollup is not null, $"{what}: no rollup for {expected.Passages} passages");
            passages += expected.Passages;
            Assert.True(expected.Passages == rollup["passages"], $"{what}: {expected.Passages} passages, the rollup has {rollup["passages"]}");
            Assert.True(expected.Offered == rollup["offered"], $"{what}: offered {expected.Offered}, the rollup has {rollup["offered"]}");
            Assert.Equal(expected.Answered, rollup["answered"]);
            Assert.Equal(expected.Abandoned, rollup["abandoned"]);
            Assert.Equal(expected.ShortAbandons, rollup["short_abandons"]);
            Assert.Equal(expected.SlEligible, rollup["sl_eligible"]);
            Assert.Equal(expected.SlMet, rollup["sl_met"]);
            AssertClose(expected.ServiceLevelPercent, rollup.GetValueOrDefault("sl_pct"), 1e-6, what + " SL%");
            AssertClose(expected.AsaS, rollup.GetValueOrDefault("asa_s"), 0.001, what + " ASA");
            AssertClose(expected.AhtS, rollup.GetValueOrDefault("aht_s"), 0.001, what + " AHT");
            AssertClose(expected.LongestWaitS, rollup["longest_wait_s"], 0.001, what + " longest wait");
            AssertClose(expected.Offered == 0 ? null : 100.0 * expected.Abandoned / expected.Offered, rollup.GetValueOrDefault("abandon_rate_pct"), 1e-6, what + " abandon rate");
        }
        return passages;
    }

    /// <summary>The period's KPIs per queue from its <c>queue_call</c> points, by the dashboards' per-passage definitions (docs/kpi.md).</summary>
    async Task<Dictionary<string, Dictionary<string, double?>>> PerPassageAsync(LocalPeriod period)
    {
        var where = string.Create(CultureInfo.InvariantCulture,
            $"\"pbx\" = '{RollupWorld.PbxName}' AND time >= {InfluxServer.Nanoseconds(period.Start)} AND time < {InfluxServer.Nanoseconds(period.End)}");
        var kpis = new Dictionary<string, Dictionary<string, double?>>(StringComparer.Ordinal);
        foreach (var (field, select, condition) in new[]
                 {
                     ("passages", "count(\"wait_s\")", ""),
                     ("offered", "count(\"wait_s\")", " AND \"short_abandon\" = 0"),
                     ("answered", "sum(\"answered\")", ""),
                     ("abandoned", "sum(\"abandoned\")", " AND \"short_abandon\" = 0"),
                     ("sl_pct", "mean(\"sl_met\") * 100", " AND \"sl_eligible\" = 1"),
                     ("asa_s", "mean(\"wait_s\")", " AND \"answered\" = 1"),
                     ("aht_s", "mean(\"talk_s\")", " AND \"answered\" = 1"),
                     ("abandon_rate_pct", "mean(\"abandoned\") * 100", " AND \"short_abandon\" = 0"),
                     ("longest_wait_s", "max(\"wait_s\")", ""),
                 })
        {
            var answer = (await world.Influx.QueryAsync(RollupWorld.Database, $"SELECT {select} FROM \"queue_call\" WHERE {where}{condition} GROUP BY \"queue\"")).GetProperty("results")[0];
            if (!answer.TryGetProperty("series", out var series))
                continue;
            foreach (var s in series.EnumerateArray())
            {
                var queue = s.GetProperty("tags").GetProperty("queue").GetString()!;
                var value = s.GetProperty("values")[0][1];
                (kpis.TryGetValue(queue, out var fields) ? fields : kpis[queue] = new(StringComparer.Ordinal))[field] =
                    value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
            }
        }
        return kpis;
    }

    static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    static void AssertClose(double? expected, double? actual, double tolerance, string what)
    {
        Assert.True(expected.HasValue == actual.HasValue, $"{what}: expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "none"}, the rollup has {actual?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
        if (expected is { } e && actual is { } a)
            Assert.True(Math.Abs(e - a) <= tolerance, $"{what}: expected {e}, the rollup has {a} (tolerance {tolerance})");
    }
}

static class RollupWorldQueues
{
    /// <summary>Every queue of the truth.</summary>
    public static IEnumerable<string> Queues(this RollupWorld world) =>
        world.Calls.SelectMany(c => c.Passages).Select(p => p.Queue).Distinct().Order(StringComparer.Ordinal);
}
