namespace Collector.ThreeCx;

/// <summary>
/// Reads 3CX's display forms: <c>Name (DN)</c> (<c>Sales (800)</c>, <c>Berg, Anna (101)</c>) and the <c>Reason</c>
/// text <c>Sales (800) was replaced by Berg, Anna (101)</c>.
/// </summary>
internal static class DisplayForms
{
    const string ReplacedBy = " was replaced by ";

    /// <summary>
    /// The name part of a display form: the text before a trailing <c>"(…)"</c>, trimmed. A display without that
    /// suffix is kept whole (e.g. <c>Anna Berg</c>), unless it is only the DN itself. Null when nothing is left.
    /// </summary>
    public static string? Name(string? display, string? dn)
    {
        var (name, _) = Split(display);
        if (string.IsNullOrEmpty(name) || string.Equals(name, dn?.Trim(), StringComparison.Ordinal))
            return null;
        return name;
    }

    /// <summary>Splits <c>Name (DN)</c> into its parts; without a trailing parenthesis the DN is null.</summary>
    public static (string? Name, string? Dn) Split(string? display)
    {
        if (string.IsNullOrWhiteSpace(display)) return (null, null);
        var text = display.Trim();
        var open = text.LastIndexOf('(');
        if (!text.EndsWith(')') || open < 0)
            return (text, null);
        var dn = text[(open + 1)..^1].Trim();
        var name = text[..open].Trim();
        return (name.Length == 0 ? null : name, dn.Length == 0 ? null : dn);
    }

    /// <summary>
    /// The party named after <c>" was replaced by "</c> in a <c>Reason</c>: <c>(Berg, Anna, 101)</c> for
    /// <c>Sales (800) was replaced by Berg, Anna (101)</c>. False when the reason does not say so or names no DN.
    /// </summary>
    public static bool TryReplacedBy(string? reason, out string? name, out string dn)
    {
        name = null;
        dn = "";
        if (string.IsNullOrEmpty(reason)) return false;
        var at = reason.LastIndexOf(ReplacedBy, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return false;
        var (n, d) = Split(reason[(at + ReplacedBy.Length)..]);
        if (d is null) return false;
        (name, dn) = (n, d);
        return true;
    }

    /// <summary>True when the reason says this leg handed the call to someone else (<c>… was replaced by …</c>).</summary>
    public static bool SaysReplaced(string? reason) =>
        reason is not null && reason.Contains(ReplacedBy, StringComparison.OrdinalIgnoreCase);
}
