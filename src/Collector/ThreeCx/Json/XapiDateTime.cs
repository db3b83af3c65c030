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
