namespace Collector.Live.Derivation;

/// <summary>
/// One side of an active call as 3CX writes it in <c>ActiveCall.Caller</c>/<c>Callee</c>: <c>"&lt;number&gt; &lt;name&gt;"</c>
/// for extensions, queues and IVRs (<c>"800 Sales"</c>, <c>"101 Anna Berg"</c>), the bare number for external parties
/// (<c>"+4930123456"</c>). The number is everything before the first space.
/// </summary>
internal readonly record struct Party(string Number, string? Name)
{
    /// <summary>Splits on the first space; null for a missing or blank value.</summary>
    public static Party? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var trimmed = text.AsSpan().Trim();
        var space = trimmed.IndexOf(' ');
        if (space < 0)
            return new Party(trimmed.ToString(), null);
        var name = trimmed[(space + 1)..].Trim();
        return new Party(trimmed[..space].ToString(), name.IsEmpty ? null : name.ToString());
    }

    /// <summary>The number alone (no allocation for the name); null for a missing or blank value.</summary>
    public static ReadOnlySpan<char> NumberOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return [];
        var trimmed = text.AsSpan().Trim();
        var space = trimmed.IndexOf(' ');
        return space < 0 ? trimmed : trimmed[..space];
    }
}
