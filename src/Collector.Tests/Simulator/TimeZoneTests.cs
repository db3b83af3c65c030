using System.Globalization;
using Collector.Testing.Truth;
using Simulator.Model;

namespace Collector.Tests.Simulator;

/// <summary>--time-zone: the simulated call centre's day shape (traffic, shifts, weekends) follows its local time.</summary>
public sealed class TimeZoneTests
{
    const string Start = "2026-11-28T00:00:00Z";   // a Saturday: the week before is five working days and a weekend

    static async Task<int[]> InboundPerUtcHourAsync(params string[] zone)
    {
        await using var sim = await SimulatorHost.StartAsync(["--speed", "0", "--start", Start, "--seed", "5", "--history-days", "5", "--calls-per-hour", "240", .. zone]);
        var calls = await SimulatorTruth.FinishedCallsAsync(sim, DateTimeOffset.Parse("2026-11-23T00:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse(Start, CultureInfo.InvariantCulture));
        var perHour = new int[24];
        foreach (var call in calls.Where(c => c.Direction == "inbound")) perHour[call.Start.UtcDateTime.Hour]++;
        return perHour;
    }

    /// <summary>The shift s that best lines <paramref name="shifted"/>[h] up with <paramref name="reference"/>[h − s] (circular).</summary>
    static int BestShift(int[] reference, int[] shifted) =>
        Enumerable.Range(0, 24).MaxBy(s => Enumerable.Range(0, 24).Sum(h => (double)shifted[h] * reference[(h + s) % 24]));

    [Fact]
    public async Task WithAustraliaPerthTheBusiestUtcHoursComeEightHoursEarlierThanWithUtc()
    {
        var utc = await InboundPerUtcHourAsync();
        var perth = await InboundPerUtcHourAsync("--time-zone", "Australia/Perth");

        Assert.Equal(8, BestShift(utc, perth));
        // Perth's working day (08–17 local) is 00–09 UTC; its night (20–04 local) is 12–20 UTC.
        Assert.True(perth[0..9].Sum() > 5 * perth[12..20].Sum(), string.Join(",", perth));
        Assert.True(utc[12..20].Sum() > 5 * utc[0..6].Sum(), string.Join(",", utc));
    }

    [Fact]
    public async Task PerthAgentsAreLoggedInDuringPerthsWorkingDayNotDuringItsNight()
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-26T00:00:00Z", "--seed", "5", "--history-days", "2", "--time-zone", "Australia/Perth");
        // Wednesday 25 November in Perth: 09:00–15:00 local is 01:00–07:00 UTC; 22:00–04:00 local is 14:00–20:00 UTC.
        var day = await SimulatorTruth.AgentTimesAsync(sim, At("2026-11-25T01:00:00Z"), At("2026-11-25T07:00:00Z"));
        var night = await SimulatorTruth.AgentTimesAsync(sim, At("2026-11-24T14:00:00Z"), At("2026-11-24T20:00:00Z"));

        Assert.True(day.Agents.Sum(a => a.LoggedInSeconds) > 0.5 * day.Agents.Count * day.IntervalSeconds);
        Assert.Equal(0, night.Agents.Sum(a => a.LoggedInSeconds));
    }

    [Fact]
    public void ADaylightSavingDayOfTheCallCentreIsStillOneDayOf23Hours()
    {
        var berlin = new CallCentreZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        var sunday = At("2026-03-29T12:00:00Z").UtcTicks;

        Assert.Equal(At("2026-03-28T23:00:00Z").UtcTicks, berlin.DayStart(sunday));
        Assert.Equal(At("2026-03-29T22:00:00Z").UtcTicks, berlin.NextDayStart(sunday));
        // 02:30 does not exist that night: it is taken as 03:30 CEST, the same distance after the change.
        Assert.Equal(At("2026-03-29T01:30:00Z").UtcTicks, berlin.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));
    }

    [Fact]
    public async Task TheDayOfTheBerlinSpringForwardIsSimulatedAsOneWorkingDay()
    {
        // Monday 30 March 2026 follows the change; the call centre's day and shifts still start at local midnight and 07–09 local.
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-03-31T00:00:00Z", "--seed", "5", "--history-days", "3", "--time-zone", "Europe/Berlin");
        var morning = await SimulatorTruth.AgentTimesAsync(sim, At("2026-03-30T08:00:00Z"), At("2026-03-30T12:00:00Z"));   // 10–14 CEST
        var early = await SimulatorTruth.AgentTimesAsync(sim, At("2026-03-30T00:00:00Z"), At("2026-03-30T04:00:00Z"));     // 02–06 CEST

        Assert.True(morning.Agents.Sum(a => a.LoggedInSeconds) > 0.5 * morning.Agents.Count * morning.IntervalSeconds);
        Assert.Equal(0, early.Agents.Sum(a => a.LoggedInSeconds));
    }

    [Fact]
    public void TruthKpisPerLocalDayPutAPassageOnTheDayOfItsZone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        TruthCall Call(string enter) => new("id", 1, At(enter), At(enter).AddMinutes(3), "inbound", "answered", "+4930", "800",
            [new TruthPassage("800", "Sales", At(enter), 10, "answered", "101", 60)], [], 60, 180);
        var calls = new[] { Call("2026-03-28T22:59:00Z"), Call("2026-03-28T23:01:00Z"), Call("2026-03-29T21:59:00Z"), Call("2026-03-29T22:01:00Z") };

        var days = TruthKpis.PerQueueDay(calls, KpiRules.Defaults, berlin);

        Assert.Equal(1, days[new QueueDay("800", new DateOnly(2026, 3, 28))].Passages);
        Assert.Equal(2, days[new QueueDay("800", new DateOnly(2026, 3, 29))].Passages);   // the 23-hour day
        Assert.Equal(1, days[new QueueDay("800", new DateOnly(2026, 3, 30))].Passages);
    }

    static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
