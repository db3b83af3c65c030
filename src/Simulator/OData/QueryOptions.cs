using System.Globalization;

namespace Simulator.OData;

/// <summary>The OData system query options the simulator understands, parsed and checked.</summary>
public sealed class QueryOptions
{
    static readonly string[] Known = ["$top", "$skip", "$count", "$orderby", "$select", "$expand", "$filter", "$search", "$format"];

    public int? Top { get; private init; }
    public int Skip { get; private init; }
    public bool Count { get; private init; }
    public string? OrderBy { get; private init; }
    public IReadOnlyList<string>? Select { get; private init; }
    public IReadOnlyList<string>? Expand { get; private init; }

    public static QueryOptions Parse(IQueryCollection query)
    {
        foreach (var key in query.Keys)
        {
            if (key.StartsWith('$') && !Known.Contains(key))
                throw new ODataException(400, $"The query parameter '{key}' is not supported.");
        }
        if (query.ContainsKey("$filter") || query.ContainsKey("$search"))
            throw new ODataException(501, "The simulator does not implement $filter or $search.");

        return new QueryOptions
        {
            Top = query.TryGetValue("$top", out var top) ? NonNegative("$top", top.ToString()) : null,
            Skip = query.TryGetValue("$skip", out var skip) ? NonNegative("$skip", skip.ToString()) : 0,
            Count = query.TryGetValue("$count", out var count) && ParseBool("$count", count.ToString()),
            OrderBy = query.TryGetValue("$orderby", out var order) ? order.ToString().Trim() : null,
            Select = query.TryGetValue("$select", out var select) ? List(select.ToString()) : null,
            Expand = query.TryGetValue("$expand", out var expand) ? List(expand.ToString()) : null,
        };
    }

    /// <summary>Refuses a <c>$top</c> above the cap with 3CX's own message.</summary>
    public void CheckTopCap(int? cap)
    {
        if (cap is int limit && Top is int top && top > limit)
            throw new ODataException(400,
                $"The query specified in the URI is not valid. The limit of '{limit}' for Top query has been exceeded. The value from the incoming request is '{top}'.");
    }

    /// <summary>Refuses <c>$select</c> names the type does not have, as OData does.</summary>
    public void CheckSelect(string typeName, IReadOnlyCollection<string> properties)
    {
        foreach (var name in Select ?? [])
            if (name != "*" && !properties.Contains(name))
                throw new ODataException(400, $"The query specified in the URI is not valid. Could not find a property named '{name}' on type '{typeName}'.");
    }

    static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ODataException(400, $"The query specified in the URI is not valid. Invalid value '{text}' for {name} query option found.");

    static bool ParseBool(string name, string text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => throw new ODataException(400, $"The query specified in the URI is not valid. '{text}' is not a valid count option."),
    };

    static string[] List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
