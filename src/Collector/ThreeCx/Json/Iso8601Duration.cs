using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Parses the ISO-8601 durations 3CX sends (<c>PT1M12.577027S</c>, <c>PT0S</c>, <c>P1DT2H</c>, <c>-PT5S</c>),
/// the swagger's pattern <c>^-?P(nD)?(T(nH)?(nM)?(n(.n+)?S)?)?$</c>, exactly to the tick (fraction digits
/// beyond the seventh are dropped). <see cref="XmlConvert.ToTimeSpan"/> does the arithmetic; the pattern keeps out
/// what XML Schema allows and 3CX never sends (years, months, <c>PT.5S</c>, surrounding spaces), and the bare
/// <c>P</c> and <c>PT</c> the pattern allows and XML Schema does not are zero. As a courtesy it also reads .NET's
/// constant form <c>[-][d.]hh:mm:ss[.fffffff]</c>.
/// </summary>
internal static partial class Iso8601Duration
{
    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{Security.OutsideText.Bound(text, 64)}' is not an ISO-8601 duration.");

    /// <summary>Parses <paramref name="text"/>; false if it is not a duration or overflows a <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        if (text is null)
            return false;
        if (!SwaggerPattern().IsMatch(text))
            return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value);
        if (text.TrimStart('-') is "P" or "PT")
            return true;
        try
        {
            value = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// The common shapes only, without a regular expression or a string: <c>[-]P[nD][T[nH][nM][n[.f]S]]</c> with at least one
    /// part, at most 6 digits a number and 1–7 fractional digits. True gives what <see cref="TryParse"/> gives; false says
    /// nothing (ask <see cref="TryParse"/>).
    /// </summary>
    public static bool TryParseCommon(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        var at = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative) at++;
        if (at >= text.Length || text[at++] != 'P') return false;
        long ticks = 0;
        var parts = 0;
        var inTime = false;
        var lastUnit = 0;   // D=1, H=2, M=3, S=4: each at most once, in order
        while (at < text.Length)
        {
            if (text[at] == 'T')
            {
                if (inTime) return false;
                inTime = true;
                at++;
                if (at == text.Length) return false;   // "PT" alone or "P1DT": left to TryParse
                continue;
            }
            long number = 0;
            var digits = 0;
            for (; at < text.Length && char.IsAsciiDigit(text[at]); at++, digits++)
                number = number * 10 + (text[at] - '0');
            if (digits is 0 or > 6 || at >= text.Length) return false;
            long fraction = 0;
            if (text[at] == '.')
            {
                var fractionDigits = 0;
                for (at++; at < text.Length && char.IsAsciiDigit(text[at]); at++, fractionDigits++)
                    fraction = fraction * 10 + (text[at] - '0');
                if (fractionDigits is 0 or > 7 || at >= text.Length || text[at] != 'S') return false;
                for (; fractionDigits < 7; fractionDigits++) fraction *= 10;
            }
            var unit = (inTime, text[at]) switch
            {
                (false, 'D') => 1,
                (true, 'H') => 2,
                (true, 'M') => 3,
                (true, 'S') => 4,
                _ => 0,
            };
            if (unit <= lastUnit) return false;
            lastUnit = unit;
            at++;
            parts++;
            ticks += unit switch
            {
                1 => number * TimeSpan.TicksPerDay,
                2 => number * TimeSpan.TicksPerHour,
                3 => number * TimeSpan.TicksPerMinute,
                _ => number * TimeSpan.TicksPerSecond + fraction,
            };
        }
        if (parts == 0 || (inTime && lastUnit < 2)) return false;
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats as 3CX does, e.g. <c>PT1M12.577027S</c>, <c>P1DT2H</c>, <c>PT0S</c>.</summary>
    public static string Format(TimeSpan value) => XmlConvert.ToString(value);

    [GeneratedRegex(@"^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex SwaggerPattern();
}
