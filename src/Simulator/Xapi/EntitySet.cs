using Simulator.OData;

namespace Simulator.Xapi;

/// <summary>Answers an entity-set GET with <c>$select</c>, <c>$top</c>, <c>$skip</c> and <c>$count</c> applied.</summary>
public static class EntitySet
{
    public static XapiResponse Respond(XapiRequest request, string setName, IReadOnlyList<EntityObject> entities, QueryOptions options,
        string? contextSuffix = null)
    {
        var select = options.Select is { } s && !s.Contains("*") ? s : null;
        var context = select is null ? setName + (contextSuffix ?? "") : $"{setName}({string.Join(',', select)})";
        IEnumerable<EntityObject> page = entities.Skip(options.Skip);
        if (options.Top is int top) page = page.Take(top);
        return XapiResponse.Json(JsonBody.Collection(request.Context(context), page, options.Count ? entities.Count : null,
            (w, e) => e.Write(w, select)));
    }
}
