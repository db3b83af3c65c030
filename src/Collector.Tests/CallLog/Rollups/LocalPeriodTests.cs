using Collector.CallLog.Rollups;

namespace Collector.Tests.CallLog.Rollups;

public sealed class LocalPeriodTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    static readonly TimeZoneInfo Perth = TimeZoneInfo.FindSystemTimeZoneById("Australia/Perth");

    static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheLastSundayOfMarchInBerlinIsOneDayOfTwentyThreeHours()
    {
        var sunday = LocalPeriod.DayOf(Utc(2026, 3, 29, 12), Berlin);
        Assert.Equal(new DateOnly(2026, 3, 29), sunday.First);
        Assert.Equal(Utc(2026, 3, 28, 23), sunday.Start);
        Assert.Equal(Utc(2026, 3, 29, 22), sunday.End);
        Assert.Equal(TimeSpan.FromHours(23), sunday.End - sunday.Start);
        // 22:30 UTC on that Sunday is already Monday 00:30 in Berlin.
        Assert.Equal(new DateOnly(2026, 3, 30), LocalPeriod.DayOf(Utc(2026, 3, 29, 22).AddMinutes(30), Berlin).First);
    }

    [Fact]
    public void TheLastSundayOfOctoberInBerlinIsOneDayOfTwentyFiveHours()
    {
        var sunday = LocalPeriod.Day(new DateOnly(2026, 10, 25), Berlin);
        Assert.Equal(Utc(2026, 10, 24, 22), sunday.Start);
        Assert.Equal(Utc(2026, 10, 25, 23), sunday.End);
    }

    [Fact]
    public void ACalendarMonthRunsFromTheLocalFirstAtMidnightToTheNextOneAcrossTheChange()
    {
        var march = LocalPeriod.MonthOf(Utc(2026, 3, 15, 12), Berlin);
        Assert.Equal(PeriodKind.Month, march.Kind);
        Assert.Equal(new DateOnly(2026, 3, 1), march.First);
        Assert.Equal(Utc(2026, 2, 28, 23), march.Start);   // 1 March 00:00 CET
        Assert.Equal(Utc(2026, 3, 31, 22), march.End);     // 1 April 00:00 CEST
        Assert.Equal(TimeSpan.FromHours(31 * 24 - 1), march.End - march.Start);
        // The evening of 31 March UTC is April in Berlin.
        Assert.Equal(new DateOnly(2026, 4, 1), LocalPeriod.MonthOf(Utc(2026, 3, 31, 22), Berlin).First);
        Assert.Equal(march, LocalPeriod.Day(new DateOnly(2026, 3, 31), Berlin).MonthOfDay(Berlin));
    }

    [Fact]
    public void PerthsDayBeginsAtFourPmUtcTheDayBefore()
    {
        var day = LocalPeriod.DayOf(Utc(2026, 11, 23, 6), Perth);
        Assert.Equal(new DateOnly(2026, 11, 23), day.First);
        Assert.Equal(Utc(2026, 11, 22, 16), day.Start);
        Assert.Equal(Utc(2026, 11, 23, 16), day.End);
        Assert.Equal(Utc(2026, 10, 31, 16), LocalPeriod.MonthOf(Utc(2026, 11, 23, 6), Perth).Start);
    }

    [Fact]
    public void WhereTheClocksSkipMidnightTheDayStartsAtTheFirstLocalTimeThatExists()
    {
        // Chile moves from 00:00 (UTC-4) to 01:00 (UTC-3) on the first Sunday of September: 6 September 2026 has no midnight.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var day = LocalPeriod.Day(new DateOnly(2026, 9, 6), santiago);
        Assert.Equal(Utc(2026, 9, 6, 4), day.Start);    // 01:00 -03:00
        Assert.Equal(LocalPeriod.Day(new DateOnly(2026, 9, 5), santiago).End, day.Start);
        Assert.Equal(TimeSpan.FromHours(23), day.End - day.Start);
    }

    [Fact]
    public void ConsecutiveLocalDaysOfAYearTileTimeWithoutGapOrOverlap()
    {
        var day = LocalPeriod.Day(new DateOnly(2026, 1, 1), Berlin);
        for (var i = 0; i < 365; i++)
        {
            var next = LocalPeriod.Day(day.First.AddDays(1), Berlin);
            Assert.Equal(day.End, next.Start);
            Assert.Equal(day, LocalPeriod.DayOf(day.End.AddTicks(-1), Berlin));
            day = next;
        }
    }
}
