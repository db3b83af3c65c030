using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>
/// Finds the queue or agent that one side of an active call (<c>ActiveCall.Caller</c>/<c>Callee</c>) names, whichever
/// display form 3CX wrote it in: <c>"800 Sales"</c>, <c>"Call Center (8524)"</c>, <c>"Berg, Anna (101)"</c>, a bare
/// <c>"101"</c>, an external <c>"TEST GUEST (+12395551234)"</c> or <c>"+12395551234"</c>, or nothing. The known DNs are
/// one snapshot's queues, their members and the users; a DN's names are the queue's name, the member's name in the
/// queue, the user's display name, "first last" and "last, first". The rules that read a form against them are
/// <see cref="DisplayForms.Read"/>'s, shared with the call log. Nothing is allocated: the lookups take spans and the
/// names are compared where they are.
/// </summary>
internal sealed class PartyResolver : IKnownDns
{
    readonly QueueIndex _queues;
    readonly Dictionary<string, XapiUser>.AlternateLookup<ReadOnlySpan<char>> _users;

    /// <param name="queues">The snapshot's queues and members.</param>
    /// <param name="usersByNumber">The users by extension number (ordinal keys), as <see cref="LiveDerivation.IndexUsers"/> builds them.</param>
    public PartyResolver(QueueIndex queues, Dictionary<string, XapiUser> usersByNumber)
    {
        _queues = queues;
        _users = usersByNumber.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The party as read (form, number, name, and whether the number is a known DN).</summary>
    public DisplayParty Read(string? text) => DisplayForms.Read(text, this);

    /// <summary>The known DN the party names; empty for an external party, an unknown DN or nothing.</summary>
    public ReadOnlySpan<char> DnOf(string? text) => DisplayForms.KnownDn(text, this);

    public bool IsKnown(ReadOnlySpan<char> dn) =>
        _queues.FindQueue(dn) is not null || _queues.FindMember(dn) is not null || (!dn.IsEmpty && _users.ContainsKey(dn));

    public bool IsNameOf(ReadOnlySpan<char> dn, ReadOnlySpan<char> name)
    {
        name = name.Trim();
        if (name.IsEmpty) return false;
        if (_queues.FindQueue(dn) is int q && Same(_queues.Queues[q].Name, name)) return true;
        if (_queues.FindMember(dn) is int m && Same(_queues.Members[m].Name, name)) return true;
        return !dn.IsEmpty && _users.TryGetValue(dn, out var user)
            && (Same(user.DisplayName, name) || Joined(user.FirstName, " ", user.LastName, name) || Joined(user.LastName, ", ", user.FirstName, name));
    }

    static bool Same(string? known, ReadOnlySpan<char> name) =>
        known is not null && known.AsSpan().Trim().Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="name"/> is <c>first + separator + second</c> (either part alone when the other is blank).</summary>
    static bool Joined(string? first, string separator, string? second, ReadOnlySpan<char> name)
    {
        var a = first.AsSpan().Trim();
        var b = second.AsSpan().Trim();
        if (a.IsEmpty || b.IsEmpty) return !(a.IsEmpty && b.IsEmpty) && name.Equals(a.IsEmpty ? b : a, StringComparison.OrdinalIgnoreCase);
        return name.Length == a.Length + separator.Length + b.Length
            && name.StartsWith(a, StringComparison.OrdinalIgnoreCase)
            && name[a.Length..].StartsWith(separator, StringComparison.Ordinal)
            && name[(a.Length + separator.Length)..].Equals(b, StringComparison.OrdinalIgnoreCase);
    }
}
