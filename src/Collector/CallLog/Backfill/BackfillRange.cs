using System.Globalization;

namespace Collector.CallLog.Backfill;

/// <summary>
/// The span of call starts a backfill covers, <c>[From, To)</c> in UTC, parsed from the command line:
/// <list type="bullet">
/// <item>a date <c>yyyy-MM-dd</c> is a UTC day: as <c>--from</c> its midnight, as <c>--to</c> the midnight after it
/// (so <c>--from 2026-11-01 --to 2026-11-30</c> is all of November);</item>
/// <item>a date with a time (<c>2026-11-20T08:00</c>, <c>2026-11-20 08:00:00+01:00</c>) is that instant, UTC unless it
/// names an offset;</item>
/// <item><c>now</c> is this machine's clock.</item>
/// </list>
/// <see cref="Key"/> names the range as asked (<c>now</c> stays <c>now</c>), so an interrupted run of the same command resumes.
/// </summary>
internal sealed record BackfillRange(DateTimeOffset From, DateTimeOffset To, string Key)
{
    static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    public TimeSpan Length => To - From;

    /// <summary>Parses both ends; a problem is a <see cref="FormatException"/> whose message is the line to show.</summary>
    public static BackfillRange Parse(string from, string to, DateTimeOffset now)
    {
        var start = ParseEnd(from, "--from", isEnd: false, now);
        var end = ParseEnd(to, "--to", isEnd: true, now);
        if (end.Instant <= start.Instant)
            throw new FormatException($"--to ({Show(end.Instant)}) must be after --from ({Show(start.Instant)}).");
        return new BackfillRange(start.Instant, end.Instant, $"{start.Key}/{end.Key}");
    }

    /// <summary>An instant as the backfill prints it: <c>2026-11-20 08:00:00Z</c>.</summary>
    public static string Show(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public override string ToString() => $"{Show(From)} to {Show(To)}";

    static (DateTimeOffset Instant, string Key) ParseEnd(string text, string option, bool isEnd, DateTimeOffset now)
    {
        var value = text?.Trim() ?? "";
        if (value.Equals("now", StringComparison.OrdinalIgnoreCase))
            return (now.ToUniversalTime(), "now");
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var instant = isEnd ? midnight.AddDays(1) : midnight;
            return (instant, instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        }
        if (DateTimeOffset.TryParseExact(value, DateTimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact))
            return (exact, exact.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        throw new FormatException(
            $"{option} \"{text}\" is not a date; write yyyy-MM-dd (a UTC day), yyyy-MM-ddTHH:mm[:ss][+hh:mm] (UTC unless an offset is given), or now.");
    }
}
