using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;

namespace Collector.Tests.CallLog.Rollups;

/// <summary>
/// <see cref="QueueRollups.RecomputeAsync"/> against a real influxd: the periods due are recomputed together, one InfluxQL
/// request for the days and one for the months, and each rollup is what its own day's passages sum to.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class QueueRollupsRecomputeTests(InfluxFixture influx)
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    static readonly CancellationToken None = CancellationToken.None;

    /// <summary>Forwards to InfluxDB and counts the requests (a request of several statements is one).</summary>
    sealed class CountingReader(IInfluxReader inner) : IInfluxReader
    {
        public int Requests { get; private set; }

        public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken)
        {
            Requests++;
            return inner.QueryAsync(influxQl, cancellationToken);
        }

        public Task<IReadOnlyList<IReadOnlyList<InfluxSeries>>> QueryEachAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
        {
            Requests++;
            return inner.QueryEachAsync(statements, cancellationToken);
        }
    }

    static PointData Passage(string queue, DateTimeOffset enter, double wait, bool answered) =>
        new PointData(CallPoints.QueueCallMeasurement).Tag("pbx", "hq").Tag("queue", queue)
            .Field("wait_s", wait).Field("talk_s", answered ? 60.0 : 0.0).Field("answered", answered ? 1L : 0L).Field("abandoned", answered ? 0L : 1L)
            .Field("short_abandon", 0L).Field("sl_eligible", 1L).Field("sl_met", wait <= 20 ? 1L : 0L).Field("sl_threshold_s", 20L)
            .Timestamp(UnixTime.Nanoseconds(enter));

    [Fact]
    public async Task TheDaysDueAreRecomputedInOneRequestAndTheirMonthsInAnotherEachFromItsOwnPassages()
    {
        var database = $"rollups_{Guid.NewGuid():N}";
        var options = Options(influx.Server.Url, o => o.Database = database);
        var writer = Writer(options);
        // Three Berlin days across a month's end: 30 and 31 March, 1 April (31 March 23:30 in Berlin is 21:30 UTC).
        var passages = new List<PointData>();
        var perDay = new Dictionary<DateOnly, int> { [new(2026, 3, 30)] = 3, [new(2026, 3, 31)] = 5, [new(2026, 4, 1)] = 2 };
        foreach (var (date, count) in perDay)
        {
            var day = LocalPeriod.Day(date, Berlin);
            for (var i = 0; i < count; i++)
                passages.Add(Passage(i % 2 == 0 ? "800" : "801", day.Start.AddHours(8 + i), wait: 10 + 5 * i, answered: i != 1));
        }
        passages.Add(Passage("800", LocalPeriod.Day(new(2026, 3, 31), Berlin).End.AddMinutes(-30), wait: 30, answered: true));   // 23:30 on the 31st
        perDay[new(2026, 3, 31)]++;
        await writer.WriteAsync(passages, None);
        var reader = new CountingReader(new InfluxQueryClient(new HttpClient(), options, TimeProvider.System));
        var rollups = new QueueRollups(reader, writer, Berlin);
        rollups.Touch("hq", new CallWindow(LocalPeriod.Day(new(2026, 3, 30), Berlin).Start, LocalPeriod.Day(new(2026, 4, 1), Berlin).End),
            passages.Select(p => p.TimestampNs!.Value), stalePointsReplaced: 0);

        var written = await rollups.RecomputeAsync("hq", null, None);

        Assert.Equal(2, reader.Requests);   // the three days, then the two months
        Assert.Empty(rollups.Pending("hq"));
        var days = await PassagesAsync(database, RollupQueries.DayMeasurement);
        Assert.Equal(perDay.ToDictionary(d => LocalPeriod.Day(d.Key, Berlin).Start, d => (long)d.Value), days);
        var months = await PassagesAsync(database, RollupQueries.MonthMeasurement);
        Assert.Equal(new Dictionary<DateTimeOffset, long>
        {
            [LocalPeriod.Month(new(2026, 3, 1), Berlin).Start] = perDay[new(2026, 3, 30)] + perDay[new(2026, 3, 31)],
            [LocalPeriod.Month(new(2026, 4, 1), Berlin).Start] = perDay[new(2026, 4, 1)],
        }, months);
        Assert.Equal(6 + 4, written);   // per queue: 3 days and 2 months
    }

    [Fact]
    public async Task WithACompletionInstantOnlyThePeriodsEndedByThenAreRecomputedTheOthersStayMarked()
    {
        var database = $"rollups_{Guid.NewGuid():N}";
        var options = Options(influx.Server.Url, o => o.Database = database);
        var writer = Writer(options);
        var first = LocalPeriod.Day(new(2026, 11, 2), Berlin);
        var second = LocalPeriod.Day(new(2026, 11, 3), Berlin);
        PointData[] passages = [Passage("800", first.Start.AddHours(9), 5, true), Passage("800", second.Start.AddHours(9), 5, true)];
        await writer.WriteAsync(passages, None);
        var reader = new CountingReader(new InfluxQueryClient(new HttpClient(), options, TimeProvider.System));
        var rollups = new QueueRollups(reader, writer, Berlin);
        rollups.Touch("hq", new CallWindow(first.Start, second.End), passages.Select(p => p.TimestampNs!.Value), 0);

        await rollups.RecomputeAsync("hq", completeBefore: first.End, None);

        Assert.Equal(1, reader.Requests);
        Assert.Equal(["2026-11-03", "2026-11"], rollups.Pending("hq").Select(p => p.ToString()));
        Assert.Equal([first.Start], (await PassagesAsync(database, RollupQueries.DayMeasurement)).Keys);
    }

    // The passages field of each stored rollup point of the measurement, by its timestamp (summed over the queues).
    async Task<Dictionary<DateTimeOffset, long>> PassagesAsync(string database, string measurement)
    {
        var answer = await influx.Server.QueryAsync(database, $"SELECT \"passages\" FROM \"{measurement}\"");
        var result = answer.GetProperty("results")[0];
        var totals = new Dictionary<DateTimeOffset, long>();
        if (!result.TryGetProperty("series", out var series))
            return totals;
        foreach (var row in series[0].GetProperty("values").EnumerateArray())
        {
            var stamp = DateTimeOffset.FromUnixTimeMilliseconds(row[0].GetInt64() / 1_000_000);
            totals[stamp] = totals.GetValueOrDefault(stamp) + row[1].GetInt64();
        }
        return totals;
    }
}
