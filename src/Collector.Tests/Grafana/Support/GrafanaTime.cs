using System.Globalization;
using System.Text.RegularExpressions;

namespace Collector.Tests.Grafana.Support;

/// <summary>
/// Grafana's relative time ranges (<c>now</c>, <c>now-6h</c>, <c>now/d</c>, <c>now-7d/d</c>) and its automatic
/// <c>$__interval</c>, evaluated in UTC (the dashboards' time zone) for a chosen "now".
/// </summary>
public static partial class GrafanaTime
{
    /// <summary>Grafana's default maximum data points: about one per pixel of a panel's width.</summary>
    public const int MaxDataPoints = 1000;

    /// <summary>
    /// A range end: <c>now</c>, minus or plus an amount, then rounded to a unit (down for a range start, up to the
    /// last millisecond of the unit for a range end, as Grafana does). Weeks start on Monday.
    /// </summary>
    public static DateTimeOffset Resolve(string expression, DateTimeOffset now, bool roundUp)
    {
        var match = RelativeTime().Match(expression.Trim());
        if (!match.Success) throw new FormatException($"'{expression}' is not a relative time Grafana's dashboards here use (now[-Nu][/u]).");
        var at = now.ToUniversalTime();
        if (match.Groups["amount"].Success)
        {
            var amount = int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture) * (match.Groups["sign"].Value == "-" ? -1 : 1);
            at = Add(at, amount, match.Groups["unit"].Value);
        }
        if (match.Groups["round"].Success)
        {
            var unit = match.Groups["round"].Value;
            var start = StartOf(at, unit);
            at = roundUp ? Add(start, 1, unit).AddMilliseconds(-1) : start;
        }
        return at;
    }

    /// <summary>A panel's relative time override (<c>timeFrom</c>, e.g. <c>31d</c>): the last N units up to now.</summary>
    public static DateTimeOffset OverrideStart(string timeFrom, DateTimeOffset now) => Resolve("now-" + timeFrom, now, roundUp: false);

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

    static DateTimeOffset Add(DateTimeOffset at, int amount, string unit) => unit switch
    {
        "s" => at.AddSeconds(amount),
        "m" => at.AddMinutes(amount),
        "h" => at.AddHours(amount),
        "d" => at.AddDays(amount),
        "w" => at.AddDays(7 * amount),
        "M" => at.AddMonths(amount),
        "y" => at.AddYears(amount),
        _ => throw new FormatException($"Unknown time unit '{unit}'."),
    };

    static DateTimeOffset StartOf(DateTimeOffset at, string unit) => unit switch
    {
        "s" => new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, at.Second, TimeSpan.Zero),
        "m" => new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero),
        "h" => new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero),
        "d" => new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero),
        "w" => new DateTimeOffset(at.Year, at.Month, at.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-(((int)at.DayOfWeek + 6) % 7)),
        "M" => new DateTimeOffset(at.Year, at.Month, 1, 0, 0, 0, TimeSpan.Zero),
        "y" => new DateTimeOffset(at.Year, 1, 1, 0, 0, 0, TimeSpan.Zero),
        _ => throw new FormatException($"Unknown time unit '{unit}'."),
    };

    [GeneratedRegex(@"^now(?:(?<sign>[+-])(?<amount>\d+)(?<unit>[smhdwMy]))?(?:/(?<round>[smhdwMy]))?$", RegexOptions.CultureInvariant)]
    private static partial Regex RelativeTime();

    [GeneratedRegex(@"^(?<n>\d+)(?<u>ms|s|m|h|d|w)$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
