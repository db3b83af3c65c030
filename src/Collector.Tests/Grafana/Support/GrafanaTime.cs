using System.Globalization;
using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Support;

/// <summary>
/// Grafana's relative time ranges (<c>now</c>, <c>now-6h</c>, <c>now/d</c>, <c>now-7d/d</c>) and its automatic
/// <c>$__interval</c>, evaluated for a chosen "now" in the dashboard's time zone (UTC unless given): Grafana rounds
/// <c>now/d</c> to the zone's midnight, so on a daylight-saving change a day is 23 or 25 hours long.
/// </summary>
public static partial class GrafanaTime
{
    /// <summary>Grafana's default maximum data points: about one per pixel of a panel's width.</summary>
    public const int MaxDataPoints = 1000;

    /// <summary>
    /// A range end: <c>now</c>, minus or plus an amount, then rounded to a unit (down for a range start, up to the
    /// last millisecond of the unit for a range end, as Grafana does). Weeks start on Monday.
    /// </summary>
    public static DateTimeOffset Resolve(string expression, DateTimeOffset now, bool roundUp, TimeZoneInfo? zone = null)
    {
        var match = RelativeTime().Match(expression.Trim());
        if (!match.Success) throw new FormatException($"'{expression}' is not a relative time Grafana's dashboards here use (now[-Nu][/u]).");
        zone ??= TimeZoneInfo.Utc;
        // Calendar arithmetic on the zone's wall clock, as Grafana's moment-timezone does; seconds to hours are elapsed time.
        var at = TimeZoneInfo.ConvertTime(now, zone);
        if (match.Groups["amount"].Success)
        {
            var amount = int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture) * (match.Groups["sign"].Value == "-" ? -1 : 1);
            at = Add(at, amount, match.Groups["unit"].Value, zone);
        }
        if (match.Groups["round"].Success)
        {
            var unit = match.Groups["round"].Value;
            var start = StartOf(at, unit, zone);
            at = roundUp ? Add(start, 1, unit, zone).AddMilliseconds(-1) : start;
        }
        return at.ToUniversalTime();
    }

    /// <summary>
    /// A panel's relative time override (<c>timeFrom</c>): <c>31d</c> = the last N units up to now; an expression with
    /// <c>now</c> (<c>now/d</c>, "today so far") is taken as written, as Grafana's describeTextRange does.
    /// </summary>
    public static DateTimeOffset OverrideStart(string timeFrom, DateTimeOffset now, TimeZoneInfo? zone = null) =>
        Resolve(timeFrom.Contains("now", StringComparison.Ordinal) ? timeFrom : "now-" + timeFrom, now, roundUp: false, zone);

    /// <summary>
    /// <c>$__interval</c> as Grafana picks it: the range over the maximum data points, rounded to a "nice" interval,
    /// and never below the panel's (or the datasource's) minimum interval.
    /// </summary>
    public static TimeSpan AutoInterval(DateTimeOffset from, DateTimeOffset to, string? minInterval)
    {
        var raw = (to - from) / MaxDataPoints;
        var rounded = NiceIntervals.FirstOrDefault(nice => nice >= raw, NiceIntervals[^1]);
        var minimum = minInterval is null ? TimeSpan.Zero : ParseDuration(minInterval);
        return rounded < minimum ? minimum : rounded;
    }

    /// <summary>An InfluxQL/Grafana duration such as <c>5s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>, <c>1w</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = Duration().Match(text.Trim());
        if (!match.Success) throw new FormatException($"'{text}' is not a duration.");
        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["u"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            "w" => TimeSpan.FromDays(7 * n),
            var u => throw new FormatException($"Unknown duration unit '{u}' in '{text}'."),
        };
    }

    static readonly TimeSpan[] NiceIntervals =
    [
        TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50),
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2),
        TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
        TimeSpan.FromDays(7), TimeSpan.FromDays(30),
    ];

    static DateTimeOffset Add(DateTimeOffset at, int amount, string unit, TimeZoneInfo zone) => unit switch
    {
        "s" => at.AddSeconds(amount),
        "m" => at.AddMinutes(amount),
        "h" => at.AddHours(amount),
        "d" => OnWallClock(at.DateTime.AddDays(amount), zone),
        "w" => OnWallClock(at.DateTime.AddDays(7 * amount), zone),
        "M" => OnWallClock(at.DateTime.AddMonths(amount), zone),
        "y" => OnWallClock(at.DateTime.AddYears(amount), zone),
        _ => throw new FormatException($"Unknown time unit '{unit}'."),
    };

    static DateTimeOffset StartOf(DateTimeOffset at, string unit, TimeZoneInfo zone)
    {
        var wall = at.DateTime;
        var start = unit switch
        {
            "s" => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, wall.Second),
            "m" => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, wall.Minute, 0),
            "h" => new DateTime(wall.Year, wall.Month, wall.Day, wall.Hour, 0, 0),
            "d" => wall.Date,
            "w" => wall.Date.AddDays(-(((int)wall.DayOfWeek + 6) % 7)),
            "M" => new DateTime(wall.Year, wall.Month, 1),
            "y" => new DateTime(wall.Year, 1, 1),
            _ => throw new FormatException($"Unknown time unit '{unit}'."),
        };
        return unit is "s" or "m" or "h" ? new DateTimeOffset(start, at.Offset) : OnWallClock(start, zone);
    }

    /// <summary>A wall-clock time in <paramref name="zone"/> as an instant (a time in a spring-forward gap moves past it).</summary>
    static DateTimeOffset OnWallClock(DateTime wall, TimeZoneInfo zone)
    {
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall)) wall = wall.AddMinutes(30);
        return TimeZoneInfo.ConvertTime(new DateTimeOffset(wall, zone.GetUtcOffset(wall)), zone);
    }

    [GeneratedRegex(@"^now(?:(?<sign>[+-])(?<amount>\d+)(?<unit>[smhdwMy]))?(?:/(?<round>[smhdwMy]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeTime();

    [GeneratedRegex(@"^(?<n>\d+)(?<u>ms|s|m|h|d|w)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
