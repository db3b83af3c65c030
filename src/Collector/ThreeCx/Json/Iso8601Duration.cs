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

    /// <summary>Formats as 3CX does, e.g. <c>PT1M12.577027S</c>, <c>P1DT2H</c>, <c>PT0S</c>.</summary>
    public static string Format(TimeSpan value) => XmlConvert.ToString(value);

    [GeneratedRegex(@"^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex SwaggerPattern();
}
