using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>
/// Finds the queue or agent that one side of an active call (<c>ActiveCall.Caller</c>/<c>Callee</c>) names, whichever
/// display form 3CX wrote it in: <c>"800 Sales"</c>, <c>"Call Center (8524)"</c>, <c>"Berg, Anna (101)"</c>, a bare
/// <c>"101"</c>, an external <c>"TEST GUEST (+12395551234)"</c> or <c>"+12395551234"</c>, or nothing. The known DNs are
/// one snapshot's queues, their members and the users, with the names the PBX gives them (the queue's name, the
/// member's name in the queue, the user's display name, "first last" and "last, first"); the rules that read a form
/// against them are <see cref="DisplayForms.Read"/>'s, shared with the call log.
/// </summary>
internal sealed class PartyResolver : IKnownDns
{
    readonly Dictionary<string, List<string>>.AlternateLookup<ReadOnlySpan<char>> _names;

    public PartyResolver(QueueIndex queues, IReadOnlyList<XapiUser> users)
    {
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var queue in queues.Queues)
            Add(names, queue.Number, queue.Name);
        foreach (var member in queues.Members)
            Add(names, member.Number, member.Name);
        foreach (var user in users)
        {
            if (string.IsNullOrWhiteSpace(user.Number)) continue;
            Add(names, user.Number, user.DisplayName);
            Add(names, user.Number, $"{user.FirstName} {user.LastName}");
            if (!string.IsNullOrWhiteSpace(user.FirstName) && !string.IsNullOrWhiteSpace(user.LastName))
                Add(names, user.Number, $"{user.LastName}, {user.FirstName}");
        }
        _names = names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The party as read (form, number, name, and whether the number is a known DN).</summary>
    public DisplayParty Read(string? text) => DisplayForms.Read(text, this);

    /// <summary>The known DN the party names, without allocating; empty for an external party, an unknown DN or nothing.</summary>
    public ReadOnlySpan<char> DnOf(string? text) => DisplayForms.KnownDn(text, this);

    public bool IsKnown(ReadOnlySpan<char> dn) => !dn.IsEmpty && _names.ContainsKey(dn);

    public bool IsNameOf(ReadOnlySpan<char> dn, ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || !_names.TryGetValue(dn, out var known)) return false;
        foreach (var candidate in known)
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    static void Add(Dictionary<string, List<string>> names, string number, string? name)
    {
        if (!names.TryGetValue(number, out var list))
            names.Add(number, list = []);
        var trimmed = name?.Trim();
        if (!string.IsNullOrEmpty(trimmed) && !list.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            list.Add(trimmed);
    }
}
