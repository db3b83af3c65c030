namespace Collector.CallLog.Rollups;

/// <summary>Whether a rollup covers one local day or one local calendar month.</summary>
internal enum PeriodKind
{
    Day,
    Month,
}

/// <summary>
/// One local day or local calendar month of the call centre (<c>Reporting:TimeZone</c>): <c>[Start, End)</c> as instants,
/// from the local midnight (or the 1st of the month at 00:00) to the next one. A day is 23, 24 or 25 hours long; where a
/// zone skips midnight (a daylight-saving change at 00:00) the period starts at the first local time that exists.
/// </summary>
internal readonly record struct LocalPeriod(PeriodKind Kind, DateOnly First, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The local day that holds <paramref name="instant"/>.</summary>
    public static LocalPeriod DayOf(DateTimeOffset instant, TimeZoneInfo zone) => Day(LocalDate(instant, zone), zone);

    /// <summary>The local calendar month that holds <paramref name="instant"/>.</summary>
    public static LocalPeriod MonthOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var date = LocalDate(instant, zone);
        return Month(new DateOnly(date.Year, date.Month, 1), zone);
    }

    public static LocalPeriod Day(DateOnly date, TimeZoneInfo zone) =>
        new(PeriodKind.Day, date, StartOfLocalDate(date, zone), StartOfLocalDate(date.AddDays(1), zone));

    public static LocalPeriod Month(DateOnly first, TimeZoneInfo zone)
    {
        var month = new DateOnly(first.Year, first.Month, 1);
        return new(PeriodKind.Month, month, StartOfLocalDate(month, zone), StartOfLocalDate(month.AddMonths(1), zone));
    }

    /// <summary>The local month this day belongs to (a month is exactly its local days).</summary>
    public LocalPeriod MonthOfDay(TimeZoneInfo zone) => Month(First, zone);

    public override string ToString() => Kind == PeriodKind.Day ? First.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : First.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant the local date begins: its 00:00, or the first local time after a gap that swallowed midnight.</summary>
    internal static DateTimeOffset StartOfLocalDate(DateOnly date, TimeZoneInfo zone)
    {
        var wall = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
            wall = wall.AddMinutes(1);
        // At an ambiguous midnight (clocks set back over it) the day starts at its first occurrence: the larger offset.
        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }
}
