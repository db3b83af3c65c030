using System.Globalization;
using System.Text.RegularExpressions;

namespace Collector.ThreeCx.Paging;

/// <summary>
/// Recognises 3CX's 400 for an oversized page: "The limit of '100' for Top query has been exceeded. The value from
/// the incoming request is '500'."
/// </summary>
internal static partial class TopLimitMessage
{
    [GeneratedRegex(@"limit of '(\d+)' for Top query has been exceeded", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool TryParse(XapiException error, out int limit)
    {
        limit = 0;
        if (error.Kind != XapiFailureKind.BadRequest || error.ServerMessage is null) return false;
        var m = Shape().Match(error.ServerMessage);
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit > 0;
    }
}
