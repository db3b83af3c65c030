using System.Globalization;
using System.Text.RegularExpressions;

namespace Collector.ThreeCx.Json;

/// <summary>
/// Parses the date-times 3CX sends: <c>yyyy-MM-ddTHH:mm:ss</c>, 0–12 fractional digits (beyond the seventh
/// are dropped), then <c>Z</c> or <c>±hh:mm</c>. A missing offset is read as UTC (3CX's CDR times are UTC).
/// </summary>
internal static partial class XapiDateTime
{
    [GeneratedRegex(@"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,12}))?(Z|[+-]\d\d:\d\d)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/>.</summary>
    public static DateTimeOffset Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{Security.OutsideText.Bound(text, 64)}' is not an ISO-8601 date-time.");

    /// <summary>
    /// The common shape only, without a regular expression or a string: <c>yyyy-MM-ddTHH:mm:ss</c>, 0–7 fractional digits, then
    /// <c>Z</c>, <c>±hh:mm</c> or nothing, ASCII digits. True gives what <see cref="TryParse"/> gives; false says nothing (ask
    /// <see cref="TryParse"/>).
    /// </summary>
    public static bool TryParseCommon(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)) return false;
        var at = 19;
        long fractionTicks = 0;
        if (at < text.Length && text[at] == '.')
        {
            var digits = 0;
            for (at++; at < text.Length && char.IsAsciiDigit(text[at]); at++, digits++)
                fractionTicks = fractionTicks * 10 + (text[at] - '0');
            if (digits is 0 or > 7) return false;
            for (; digits < 7; digits++) fractionTicks *= 10;
        }
        var offset = TimeSpan.Zero;
        var zone = text[at..];
        if (zone is "Z") { }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':' && Digits(zone, 1, 2, out var hours) && Digits(zone, 4, 2, out var minutes))
        {
            if (hours > 14 || minutes > 59) return false;
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        else if (!zone.IsEmpty) return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || year < 1 || hour > 23 || minute > 59 || second > 59)
            return false;
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utc = local.Ticks - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    static bool Digits(ReadOnlySpan<char> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; false if it has another shape or is not a real instant.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var m = Shape().Match(text);
        if (!m.Success) return false;
        int Part(int group) => int.Parse(m.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        var offset = TimeSpan.Zero;
        var zone = m.Groups[8].Value;
        if (zone.Length == 6)
        {
            var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(zone.AsSpan(4, 2), CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59) return false;
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }

        long fractionTicks = 0;
        var fraction = m.Groups[7].ValueSpan;
        for (var d = 0; d < 7; d++)
            fractionTicks = fractionTicks * 10 + (d < fraction.Length ? fraction[d] - '0' : 0);

        try
        {
            var local = new DateTime(Part(1), Part(2), Part(3), Part(4), Part(5), Part(6), DateTimeKind.Unspecified);
            value = new DateTimeOffset(local.AddTicks(fractionTicks), offset);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
