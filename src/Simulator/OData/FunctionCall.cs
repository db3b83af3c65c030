namespace Simulator.OData;

/// <summary>
/// A bound-function path segment such as <c>Pbx.GetCallLogData(periodFrom=…,sourceFilter='',…)</c>, split
/// into its name and its raw (still percent-encoded) parameter literals. Commas inside quoted strings
/// do not split; <c>''</c> is a quote inside a string.
/// </summary>
public sealed record FunctionCall(string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>Null when the segment is not a well-formed call (no parentheses, unbalanced quotes, a parameter without '=').</summary>
    public static FunctionCall? Parse(string rawSegment)
    {
        var open = rawSegment.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !rawSegment.EndsWith(')')) return null;
        var name = Uri.UnescapeDataString(rawSegment[..open]);
        // Quotes may arrive percent-encoded; decode them (only them) before splitting so quoting is seen.
        var inner = rawSegment[(open + 1)..^1].Replace("%27", "'", StringComparison.OrdinalIgnoreCase);
        var parameters = new List<KeyValuePair<string, string>>();
        if (inner.Length == 0) return new FunctionCall(name, parameters);

        var start = 0;
        var quoted = false;
        for (var i = 0; i <= inner.Length; i++)
        {
            if (i < inner.Length)
            {
                if (inner[i] == '\'') quoted = !quoted; // a doubled quote toggles twice
                if (quoted || inner[i] != ',') continue;
            }
            else if (quoted) return null;
            var part = inner[start..i];
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return null;
            parameters.Add(new(Uri.UnescapeDataString(part[..eq]), part[(eq + 1)..]));
            start = i + 1;
        }
        return new FunctionCall(name, parameters);
    }

    /// <summary>True when the parameters are exactly <paramref name="names"/>, in that order (3CX answers 404 otherwise).</summary>
    public bool HasParameters(params string[] names) =>
        Parameters.Count == names.Length && Parameters.Select(p => p.Key).SequenceEqual(names, StringComparer.Ordinal);

    public string Raw(string name) => Parameters.First(p => p.Key == name).Value;
}
