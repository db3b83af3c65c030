using System.Text.Json;

namespace Simulator.Xapi;

/// <summary>An entity's members in the order they are written, so <c>$select</c> can pick some of them.</summary>
public sealed class EntityObject
{
    readonly List<(string Name, Action<Utf8JsonWriter> Write)> _members = [];

    public EntityObject Add(string name, string? value)
    {
        if (value is not null) _members.Add((name, w => w.WriteString(name, value)));
        return this;
    }

    public EntityObject Add(string name, long? value)
    {
        if (value is long v) _members.Add((name, w => w.WriteNumber(name, v)));
        return this;
    }

    public EntityObject Add(string name, bool? value)
    {
        if (value is bool v) _members.Add((name, w => w.WriteBoolean(name, v)));
        return this;
    }

    public EntityObject AddRaw(string name, Action<Utf8JsonWriter> write)
    {
        _members.Add((name, write));
        return this;
    }

    /// <summary>Writes the object; with a selection, only the selected members (in the entity's own order).</summary>
    public void Write(Utf8JsonWriter w, IReadOnlyCollection<string>? select = null)
    {
        w.WriteStartObject();
        foreach (var (name, write) in _members)
            if (select is null || select.Contains(name)) write(w);
        w.WriteEndObject();
    }

    /// <summary>Writes the members into an object the caller has already started (singletons with <c>@odata.context</c>).</summary>
    public void WriteMembers(Utf8JsonWriter w, IReadOnlyCollection<string>? select = null)
    {
        foreach (var (name, write) in _members)
            if (select is null || select.Contains(name)) write(w);
    }
}
