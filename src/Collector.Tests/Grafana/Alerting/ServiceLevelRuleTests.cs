using Collector.Tests.Grafana.Alerting.Evaluation;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// The service-level rules evaluated as Grafana would, on crafted queue passages in a real influxd; the day rule reads
/// the <c>queue_day</c> rollups that the collector's own <c>QueueRollups</c> computes from those passages.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class ServiceLevelRuleTests(InfluxFixture influx)
{
    static readonly DateTimeOffset Today = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Now = Today.AddHours(14);
    // Perth is UTC+8 all year: its 10 March starts at 16:00 UTC on 9 March.
    static readonly TimeZoneInfo Perth = TimeZoneInfo.FindSystemTimeZoneById("Australia/Perth");
    static readonly DateTimeOffset PerthToday = new(2026, 3, 10, 0, 0, 0, TimeSpan.FromHours(8));
    static readonly DateTimeOffset PerthNow = PerthToday.AddHours(14);
    readonly AlertRuleKit _kit = new(influx.Server);

    static (string, string) Queue(string number) => ("queue", number);

    [Fact]
    public async Task ServiceLevelTodayFiresAfterTenMinutesBelowTargetOnlyWithEnoughCallsInTheLocalDay()
    {
        await _kit.Data()
            // 800: 20 of 30 answered within T this Perth day = 67 %: the 10 slow ones at 01:00–01:09 Perth time (17:00 UTC
            // the day before) count, and a perfect 23:00–23:59 of the previous Perth day (15:00 UTC) must not lift it.
            .Passages(20, PerthNow.AddMinutes(-5), "800", answered: true, waitS: 10)
            .Passages(10, PerthToday.AddHours(1).AddMinutes(9), "800", answered: true, waitS: 40)
            .Passages(50, PerthToday.AddMinutes(-1), "800", answered: true, waitS: 5)
            // 801: 0 % but only 10 eligible calls today: too few to judge.
            .Passages(10, PerthNow.AddMinutes(-5), "801", answered: true, waitS: 60)
            // 802: 27 of 30 = 90 %; short abandons (< S) are not eligible and do not pull it down.
            .Passages(27, PerthNow.AddMinutes(-5), "802", answered: true, waitS: 8)
            .Passages(3, PerthNow.AddMinutes(-40), "802", answered: true, waitS: 35)
            .Passages(5, PerthNow.AddMinutes(-50), "802", answered: false, waitS: 2)
            // 803: a bad previous Perth day (its last hour, still 9 March in UTC too) and no calls this one.
            .Passages(40, PerthToday.AddMinutes(-1), "803", answered: true, waitS: 90)
            .WriteWithRollupsAsync(Perth);

        var timeline = await _kit.RunAsync("threecx-sl-today", PerthNow, PerthNow.AddMinutes(11));
        var evaluation = await _kit.EvaluateAsync("threecx-sl-today", PerthNow);

        Assert.Equal(20.0 / 30, evaluation.Instance(Queue("800")).Values["C"], 6);
        Assert.Equal(30, evaluation.Instance(Queue("800")).Values["D"]);
        Assert.Equal(0.9, evaluation.Instance(Queue("802")).Values["C"], 6);
        Assert.DoesNotContain(evaluation.Instances, i => Labels.Of(Queue("803")).IsSubsetOf(i.Labels));
        Assert.Equal(AlertState.Pending, timeline.At(PerthNow.AddMinutes(9), Queue("800")));
        Assert.Equal(PerthNow.AddMinutes(10), timeline.FirstAlerting(Queue("800")));
        Assert.Single(timeline.EverAlerting);
    }

    [Fact]
    public async Task AtLocalMidnightInPerthYesterdaysServiceLevelNoLongerCountsAndTheNewDaysCallsDo()
    {
        await _kit.Data()
            .Passages(40, PerthToday.AddHours(23), "800", answered: true, waitS: 90)
            .Passages(25, PerthToday.AddDays(1).AddMinutes(30), "801", answered: true, waitS: 90)
            .WriteWithRollupsAsync(Perth);

        var lateYesterday = await _kit.EvaluateAsync("threecx-sl-today", PerthToday.AddHours(23).AddMinutes(59));
        var earlyToday = await _kit.EvaluateAsync("threecx-sl-today", PerthToday.AddDays(1).AddMinutes(35));

        Assert.True(lateYesterday.Instance(Queue("800")).ConditionHolds);
        Assert.DoesNotContain(earlyToday.Instances, i => Labels.Of(Queue("800")).IsSubsetOf(i.Labels));
        Assert.True(earlyToday.Instance(Queue("801")).ConditionHolds);
        Assert.Equal(25, earlyToday.Instance(Queue("801")).Values["D"]);
    }

    [Fact]
    public async Task AtTheStartOfTheNextUtcDayYesterdaysServiceLevelNoLongerCounts()
    {
        await _kit.Data().Passages(40, Today.AddHours(23), "800", answered: true, waitS: 90).WriteWithRollupsAsync(TimeZoneInfo.Utc);

        var lateYesterday = await _kit.EvaluateAsync("threecx-sl-today", Today.AddHours(23).AddMinutes(59));
        var earlyToday = await _kit.EvaluateAsync("threecx-sl-today", Today.AddDays(1).AddMinutes(5));

        Assert.True(lateYesterday.Instance(Queue("800")).ConditionHolds);
        Assert.DoesNotContain(earlyToday.Instances, i => Labels.Of(Queue("800")).IsSubsetOf(i.Labels));
    }

    [Fact]
    public async Task AbandonSpikeFiresAfterFiveMinutesWithShortAbandonsAndOlderCallsLeftOut()
    {
        await _kit.Data()
            // 800: 8 abandoned of 18 offered (2 short abandons out) = 44 %.
            .Passages(10, Now.AddMinutes(-2), "800", answered: true, waitS: 15)
            .Passages(8, Now.AddMinutes(-12), "800", answered: false, waitS: 30)
            .Passages(2, Now.AddMinutes(-20), "800", answered: false, waitS: 2)
            // 801: 50 % but only 8 offered.
            .Passages(4, Now.AddMinutes(-2), "801", answered: true, waitS: 15)
            .Passages(4, Now.AddMinutes(-6), "801", answered: false, waitS: 40)
            // 802: 4 of 10 offered (10 short abandons out): 40 %, but 10 is not more than the minimum.
            .Passages(6, Now.AddMinutes(-2), "802", answered: true, waitS: 15)
            .Passages(4, Now.AddMinutes(-8), "802", answered: false, waitS: 40)
            .Passages(10, Now.AddMinutes(-12), "802", answered: false, waitS: 1)
            // 803: 5 of 24 = 21 % in the window; 30 abandons 45 minutes ago are outside it.
            .Passages(19, Now.AddMinutes(-1), "803", answered: true, waitS: 15)
            .Passages(5, Now.AddMinutes(-20), "803", answered: false, waitS: 40)
            .Passages(30, Now.AddMinutes(-45), "803", answered: false, waitS: 40)
            .WriteAsync();

        var timeline = await _kit.RunAsync("threecx-abandon-spike", Now, Now.AddMinutes(5));
        var evaluation = await _kit.EvaluateAsync("threecx-abandon-spike", Now);

        Assert.Equal(8.0 / 18, evaluation.Instance(Queue("800")).Values["C"], 6);
        Assert.Equal(18, evaluation.Instance(Queue("800")).Values["D"]);
        Assert.Equal(0.4, evaluation.Instance(Queue("802")).Values["C"], 6);
        Assert.Equal(5.0 / 24, evaluation.Instance(Queue("803")).Values["C"], 6);
        Assert.Equal(AlertState.Pending, timeline.At(Now.AddMinutes(4), Queue("800")));
        Assert.Equal(Now.AddMinutes(5), timeline.FirstAlerting(Queue("800")));
        Assert.Single(timeline.EverAlerting);
    }
}
