using System.Globalization;

namespace Collector.Reconcile;

/// <summary>A day the reconciliation compares: its date and the instants it spans, [<see cref="Start"/>, <see cref="End"/>).</summary>
internal readonly record struct ReportingDay(DateOnly Date, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>
    /// The period end to send to 3CX's report functions: the last microsecond of the day. Whether 3CX's <c>periodTo</c> is
    /// inclusive is not documented, so sending the day's last instant counts every call of the day once either way.
    /// </summary>
    public DateTimeOffset LastMicrosecond => End.AddTicks(-10);

    public override string ToString() => Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// The one place that says what a day is for the reconciliation: a UTC day, 00:00 to 24:00 UTC, as the dashboards' daily
/// buckets and 3CX's UTC timestamps. When a reporting time zone arrives, only this class changes.
/// </summary>
internal static class ReportingDays
{
    public static ReportingDay Of(DateOnly date)
    {
        var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return new ReportingDay(date, start, start.AddDays(1));
    }

    /// <summary>The day an instant falls on.</summary>
    public static DateOnly Containing(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>Every day from <paramref name="first"/> to <paramref name="last"/>, both included, oldest first.</summary>
    public static IReadOnlyList<DateOnly> Between(DateOnly first, DateOnly last)
    {
        var days = new List<DateOnly>();
        for (var day = first; day <= last; day = day.AddDays(1)) days.Add(day);
        return days;
    }

    /// <summary>Whether the day ended at least <paramref name="settle"/> before <paramref name="now"/>, so its calls have ended and are counted on both sides.</summary>
    public static bool IsFinished(DateOnly date, DateTimeOffset now, TimeSpan settle) => Of(date).End + settle <= now;

    /// <summary>The newest finished day at <paramref name="now"/>.</summary>
    public static DateOnly LastFinished(DateTimeOffset now, TimeSpan settle) => Containing(now - settle).AddDays(-1);
}
