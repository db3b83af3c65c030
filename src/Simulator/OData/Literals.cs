using System.Globalization;
using System.Text.RegularExpressions;

namespace Simulator.OData;

/// <summary>A request the PBX refuses, with the status and message it would answer.</summary>
public sealed class ODataException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Typed OData literals in function parameters, as 3CX reads them: dates unquoted (a quoted date is a
/// type error: 500), integers and booleans bare, strings single-quoted with <c>''</c> for a quote.
/// </summary>
public static partial class Literals
{
    [GeneratedRegex(@"^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$")]
    private static partial Regex DateTimePattern();

    public static DateTimeOffset DateTime(FunctionCall call, string name)
    {
        var text = Uri.UnescapeDataString(call.Raw(name));
        if (!DateTimePattern().IsMatch(text)) throw TypeError(name, text);
        // .NET parses at most 7 fractional digits; OData allows 12, so cut the surplus.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            if (end - dot - 1 > 7) text = text[..(dot + 8)] + text[end..];
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value.ToUniversalTime()
            : throw TypeError(name, text);
    }

    public static int Int32(FunctionCall call, string name)
    {
        var text = Uri.UnescapeDataString(call.Raw(name));
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : throw TypeError(name, text);
    }

    public static bool Boolean(FunctionCall call, string name)
    {
        var text = Uri.UnescapeDataString(call.Raw(name));
        return text switch { "true" => true, "false" => false, _ => throw TypeError(name, text) };
    }

    /// <summary>A single-quoted string; an unquoted <c>null</c> is "required" (400), anything else unquoted a type error.</summary>
    public static string String(FunctionCall call, string name)
    {
        var raw = call.Raw(name);
        if (raw == "null") throw new ODataException(400, $"The {name} field is required.");
        if (raw.Length < 2 || raw[0] != '\'' || raw[^1] != '\'') throw TypeError(name, Uri.UnescapeDataString(raw));
        var body = raw[1..^1];
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\'') continue;
            if (i + 1 < body.Length && body[i + 1] == '\'') i++;
            else throw new ODataException(404, $"Bad literal for parameter '{name}'.");
        }
        return Uri.UnescapeDataString(body.Replace("''", "'", StringComparison.Ordinal));
    }

    /// <summary>A quoted TimeSpan such as <c>'0:00:0'</c> or <c>'0:00:20'</c>.</summary>
    public static TimeSpan TimeSpanString(FunctionCall call, string name)
    {
        var text = String(call, name);
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : throw TypeError(name, text);
    }

    static ODataException TypeError(string name, string text) =>
        new(500, $"The parameter '{name}' has an invalid value '{text}'.");
}
