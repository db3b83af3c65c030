namespace Collector.ThreeCx;

/// <summary>How 3CX wrote a party (see <see cref="DisplayForms.Read"/>).</summary>
internal enum PartyForm
{
    /// <summary>Missing or blank.</summary>
    None,

    /// <summary>A number alone: <c>101</c>, <c>+12395551234</c>, <c>+1 239 555 1234</c>.</summary>
    Bare,

    /// <summary><c>&lt;DN&gt; &lt;name&gt;</c>: <c>800 Sales</c>, <c>11 Lukas Kunze</c>.</summary>
    DnName,

    /// <summary><c>&lt;name&gt; (&lt;DN or number&gt;)</c>: <c>Call Center (8524)</c>, <c>Berg, Anna (101)</c>, <c>TEST GUEST (+12395551234)</c>.</summary>
    NameDn,

    /// <summary>Text that names no number (<c>Anonymous</c>).</summary>
    NameOnly,
}

/// <summary>
/// The DNs a reader knows (queues, extensions) with the names the PBX gives them. <see cref="DisplayForms.Read"/>
/// prefers them to guessing from the shape of the text.
/// </summary>
internal interface IKnownDns
{
    /// <summary>Whether <paramref name="dn"/> is a DN of the PBX (compared exactly).</summary>
    bool IsKnown(ReadOnlySpan<char> dn);

    /// <summary>Whether <paramref name="name"/> is a name the PBX gives the known <paramref name="dn"/> (ignoring case).</summary>
    bool IsNameOf(ReadOnlySpan<char> dn, ReadOnlySpan<char> name);
}

/// <summary>
/// A party as <see cref="DisplayForms.Read"/> understood it: the form, the number (a DN or an external number, null
/// when none), the name, and whether the number is one of the known DNs.
/// </summary>
internal readonly record struct DisplayParty(PartyForm Form, string? Number, string? Name, bool Known);

/// <summary>
/// The one reader of 3CX's display forms, for the call log and live state alike:
/// <list type="bullet">
/// <item><c>Name (DN)</c> (<c>Sales (800)</c>, <c>Berg, Anna (101)</c>) and the <c>Reason</c> text
/// <c>Sales (800) was replaced by Berg, Anna (101)</c>, as the call log writes them;</item>
/// <item>a party in any form 3CX uses (<see cref="PartyForm"/>), resolved against the DNs the reader knows
/// (<see cref="Read"/>), as live state needs for <c>ActiveCall.Caller</c>/<c>Callee</c>.</item>
/// </list>
/// </summary>
internal static class DisplayForms
{
    const string ReplacedBy = " was replaced by ";

    /// <summary>
    /// The name part of a display form of the party with DN <paramref name="dn"/>: the text before a trailing
    /// <c>"(…)"</c> (<c>Berg, Anna (101)</c>), or after a leading DN (<c>101 Berg, Anna</c>), trimmed. A display in
    /// neither form is kept whole (e.g. <c>Anna Berg</c>), unless it is only the DN itself. Null when nothing is left.
    /// </summary>
    public static string? Name(string? display, string? dn)
    {
        var (name, _) = Split(display);
        var known = dn?.Trim();
        if (!string.IsNullOrEmpty(known) && name is not null && name.Length > known.Length
            && name.StartsWith(known, StringComparison.Ordinal) && name[known.Length] == ' ')
            name = name[(known.Length + 1)..].Trim();
        if (string.IsNullOrEmpty(name) || string.Equals(name, known, StringComparison.Ordinal))
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

    /// <summary>
    /// Reads a party in whichever form 3CX wrote it, preferring the DNs in <paramref name="known"/> to guessing from the
    /// shape of the text. The first of these that applies wins (surrounding spaces never matter):
    /// <list type="number">
    /// <item>blank or missing: <see cref="PartyForm.None"/>;</item>
    /// <item>the whole text is a known DN (<c>101</c>): <see cref="PartyForm.Bare"/>;</item>
    /// <item>the text in a trailing parenthesis is a known DN (<c>Call Center (8524)</c>), and it is not the case that the
    /// first word is a known DN whose name is the rest while the name before the parenthesis is not this DN's:
    /// <see cref="PartyForm.NameDn"/>;</item>
    /// <item>the first word is a known DN (<c>800 Sales</c>), and either the rest is that DN's name, or the text does not
    /// read as an external party (a trailing parenthesis holding a number, as in
    /// <c>101 Pizza (+12395551234)</c>, or a number with spaces, as in <c>800 555 1234</c>):
    /// <see cref="PartyForm.DnName"/>;</item>
    /// <item>no known DN, so a guess: a trailing parenthesis holding a number is an external
    /// <c>&lt;name&gt; (&lt;number&gt;)</c>; a number (spaces allowed) is bare; a first word that is a number is
    /// <c>&lt;DN&gt; &lt;name&gt;</c> (<c>8000 Main Menu</c> when the IVR is not known); anything else names no number.</item>
    /// </list>
    /// A name alone never resolves to a DN (names need not be unique): only a DN does.
    /// </summary>
    public static DisplayParty Read(string? text, IKnownDns? known)
    {
        if (text is null) return new DisplayParty(PartyForm.None, null, null, false);
        var form = Resolve(text, known, out var number, out var name, out var isKnown);
        return new DisplayParty(form, Text(text, number), Text(text, name), isKnown);
    }

    /// <summary>
    /// The known DN a party names (<see cref="Read"/>'s rules), without allocating; empty when it names none (an
    /// external party, a DN that is not known, or nothing).
    /// </summary>
    public static ReadOnlySpan<char> KnownDn(string? text, IKnownDns known)
    {
        if (text is null) return [];
        Resolve(text, known, out var number, out _, out var isKnown);
        return isKnown ? text.AsSpan()[number] : [];
    }

    /// <summary>
    /// Whether the text is a telephone number as 3CX or a caller writes it: digits, at least one, with any of
    /// <c>+ - . / ( )</c> and spaces (<c>+12395551234</c>, <c>+1 (239) 555-1234</c>, <c>101</c>).
    /// </summary>
    public static bool IsNumber(ReadOnlySpan<char> text)
    {
        var digits = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c)) digits = true;
            else if (c is not ('+' or '-' or '.' or '/' or '(' or ')') && !char.IsWhiteSpace(c)) return false;
        }
        return digits;
    }

    static PartyForm Resolve(string text, IKnownDns? known, out Range number, out Range name, out bool isKnown)
    {
        number = name = default;
        isKnown = false;
        var span = text.AsSpan();
        var whole = Trim(span, 0, span.Length);
        var t = span[whole];
        if (t.IsEmpty) return PartyForm.None;
        var start = whole.Start.Value;
        var end = whole.End.Value;

        if (known is not null && known.IsKnown(t))
        {
            number = whole;
            isKnown = true;
            return PartyForm.Bare;
        }

        // "<name> (<DN>)": the last parenthesis, when the text ends with it.
        Range dnA = default, nameA = default;
        var hasA = false;
        if (t[^1] == ')' && t.LastIndexOf('(') is var open and >= 0)
        {
            dnA = Trim(span, start + open + 1, end - 1);
            nameA = Trim(span, start, start + open);
            hasA = !span[dnA].IsEmpty;
        }

        // "<DN> <name>": the first word.
        Range dnB = default, nameB = default;
        var hasB = false;
        if (FirstWhiteSpace(t) is var space and > 0)
        {
            dnB = start..(start + space);
            nameB = Trim(span, start + space, end);
            hasB = true;
        }

        var knownA = known is not null && hasA && known.IsKnown(span[dnA]);
        var knownB = known is not null && hasB && known.IsKnown(span[dnB]);
        var numberInParenthesis = hasA && IsNumber(span[dnA]);

        // Names are compared only where they decide: two known DNs in one text, or a known first word in a text that
        // otherwise reads as an external party.
        if (knownA && knownB)
        {
            return known!.IsNameOf(span[dnA], span[nameA]) || !known.IsNameOf(span[dnB], span[nameB])
                ? Found(PartyForm.NameDn, dnA, nameA, true, out number, out name, out isKnown)
                : Found(PartyForm.DnName, dnB, nameB, true, out number, out name, out isKnown);
        }
        if (knownA)
            return Found(PartyForm.NameDn, dnA, nameA, true, out number, out name, out isKnown);
        if (knownB && ((!numberInParenthesis && !IsNumber(t)) || known!.IsNameOf(span[dnB], span[nameB])))
            return Found(PartyForm.DnName, dnB, nameB, true, out number, out name, out isKnown);

        if (numberInParenthesis)
            return Found(PartyForm.NameDn, dnA, nameA, false, out number, out name, out isKnown);
        if (IsNumber(t))
            return Found(PartyForm.Bare, whole, default, false, out number, out name, out isKnown);
        if (hasB && IsNumber(span[dnB]))
            return Found(PartyForm.DnName, dnB, nameB, false, out number, out name, out isKnown);
        return Found(PartyForm.NameOnly, default, whole, false, out number, out name, out isKnown);
    }

    static PartyForm Found(PartyForm form, Range dn, Range label, bool isKnown, out Range number, out Range name, out bool known)
    {
        (number, name, known) = (dn, label, isKnown);
        return form;
    }

    static int FirstWhiteSpace(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
            if (char.IsWhiteSpace(text[i])) return i;
        return -1;
    }

    /// <summary><c>[from, to)</c> of <paramref name="text"/> without surrounding white space.</summary>
    static Range Trim(ReadOnlySpan<char> text, int from, int to)
    {
        while (from < to && char.IsWhiteSpace(text[from])) from++;
        while (to > from && char.IsWhiteSpace(text[to - 1])) to--;
        return from..to;
    }

    static string? Text(string text, Range range)
    {
        var (offset, length) = range.GetOffsetAndLength(text.Length);
        return length == 0 ? null : text.Substring(offset, length);
    }
}
