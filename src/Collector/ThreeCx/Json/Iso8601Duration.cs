using System.Globalization;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Parses the ISO-8601 durations 3CX sends (<c>PT1M12.577027S</c>, <c>PT0S</c>, <c>P1DT2H</c>, <c>-PT5S</c>),
/// the swagger's pattern <c>^-?P(nD)?(T(nH)?(nM)?(n(.n+)?S)?)?$</c>, exactly to the tick (fraction digits
/// beyond the seventh are dropped). As a courtesy it also reads .NET's constant form <c>[-][d.]hh:mm:ss[.fffffff]</c>.
/// </summary>
internal static class Iso8601Duration
{
    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not an ISO-8601 duration.");

    /// <summary>Parses <paramref name="text"/>; false if it is not a duration or overflows a <see cref="TimeSpan"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        var negative = text.StartsWith("-");
        var body = negative ? text[1..] : text;
        if (body.IsEmpty || body[0] != 'P')
            return TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value);

        long ticks = 0;
        var inTime = false;
        var order = 0; // D=1, H=2, M=3, S=4: each designator at most once and in order.
        var i = 1;
        try
        {
            while (i < body.Length)
            {
                if (body[i] == 'T')
                {
                    if (inTime) return false;
                    inTime = true;
                    i++;
                    continue;
                }

                var start = i;
                while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
                if (i == start) return false;
                var whole = long.Parse(body[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
                long fractionTicks = 0;
                var hasFraction = i < body.Length && body[i] == '.';
                if (hasFraction)
                {
                    var fracStart = ++i;
                    while (i < body.Length && char.IsAsciiDigit(body[i])) i++;
                    if (i == fracStart) return false;
                    fractionTicks = FractionToTicks(body[fracStart..i]);
                }

                if (i >= body.Length) return false;
                var (rank, unit) = (body[i], inTime) switch
                {
                    ('D', false) => (1, TimeSpan.TicksPerDay),
                    ('H', true) => (2, TimeSpan.TicksPerHour),
                    ('M', true) => (3, TimeSpan.TicksPerMinute),
                    ('S', true) => (4, TimeSpan.TicksPerSecond),
                    _ => (0, 0L),
                };
                if (rank <= order || (hasFraction && rank != 4)) return false;
                order = rank;
                ticks = checked(ticks + checked(whole * unit) + fractionTicks);
                i++;
            }
        }
        catch (OverflowException)
        {
            return false;
        }

        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    /// <summary>Formats as 3CX does, e.g. <c>PT1M12.577027S</c>, <c>P1DT2H</c>, <c>PT0S</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "PT0S";
        var sign = value < TimeSpan.Zero ? "-" : "";
        var ticks = value.Ticks == long.MinValue ? long.MaxValue : Math.Abs(value.Ticks);
        var days = ticks / TimeSpan.TicksPerDay;
        var hours = ticks / TimeSpan.TicksPerHour % 24;
        var minutes = ticks / TimeSpan.TicksPerMinute % 60;
        var secondTicks = ticks % TimeSpan.TicksPerMinute;
        var text = sign + "P" + (days > 0 ? $"{days}D" : "");
        if (hours + minutes + secondTicks == 0) return text;
        text += "T" + (hours > 0 ? $"{hours}H" : "") + (minutes > 0 ? $"{minutes}M" : "");
        if (secondTicks == 0) return text;
        var seconds = (secondTicks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture);
        return text + seconds + "S";
    }

    static long FractionToTicks(ReadOnlySpan<char> digits)
    {
        long ticks = 0;
        for (var d = 0; d < 7; d++)
            ticks = ticks * 10 + (d < digits.Length ? digits[d] - '0' : 0);
        return ticks;
    }
}
