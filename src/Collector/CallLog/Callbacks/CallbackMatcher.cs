using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Callbacks;

/// <summary>
/// Finds a window's abandoned callers and who of them (or of those still unreached from before) the window's calls
/// reached. Pure: what is stored comes in, the callers to write come out.
/// </summary>
internal static class CallbackMatcher
{
    /// <summary>The abandoned callers of <paramref name="calls"/>: each call whose outcome is abandoned and has a number.</summary>
    public static IEnumerable<AbandonedCaller> Abandons(IEnumerable<NormalisedCall> calls)
    {
        foreach (var call in calls)
        {
            if (call.Outcome != CallOutcomes.Abandoned || call.ExternalNumber is not { } number || call.Passages.Count == 0)
                continue;
            var last = call.Passages[^1];
            var abandonedAt = last.Enter + last.Wait;
            var wait = abandonedAt - call.Passages[0].Enter;
            yield return new AbandonedCaller(number, last.Queue, last.QueueName, call.CallKey, abandonedAt, wait,
                CallTimestamp.For(abandonedAt, last.LegKey));
        }
    }

    /// <summary>
    /// Marks as reached each caller of <paramref name="pending"/> that one of <paramref name="calls"/> reached: the first
    /// answered call (by its answer) to or from the same number answered at or after the hang-up. A caller already
    /// reached keeps the earlier contact. Returns every pending caller, changed or not.
    /// </summary>
    public static IReadOnlyList<AbandonedCaller> Reach(IEnumerable<AbandonedCaller> pending, IEnumerable<NormalisedCall> calls) =>
        Reach(pending, Contacts(calls));

    /// <summary>
    /// The answered inbound and outbound calls of <paramref name="calls"/> with a number, by number, each number's in the
    /// order of their answers (then call keys): what <see cref="Reach(IEnumerable{AbandonedCaller}, ContactsByNumber)"/>
    /// looks a caller up in, built once for a window.
    /// </summary>
    public static ContactsByNumber Contacts(IEnumerable<NormalisedCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var byNumber = new Dictionary<string, List<Contact>>(StringComparer.Ordinal);
        var order = 0;
        foreach (var call in calls)
        {
            if (call.ExternalNumber is not { } number || call.Direction is not (CallDirections.Inbound or CallDirections.Outbound)
                || call.AnsweredAt is not { } answeredAt)   // computed from the legs: read once a call
                continue;
            if (!byNumber.TryGetValue(number, out var list))
                byNumber[number] = list = [];
            list.Add(new Contact(answeredAt, call, order++));
        }

        foreach (var list in byNumber.Values)
            list.Sort(static (a, b) =>
            {
                var byAnswer = a.AnsweredAt.CompareTo(b.AnsweredAt);
                if (byAnswer != 0)
                    return byAnswer;
                var byKey = string.CompareOrdinal(a.Call.CallKey, b.Call.CallKey);
                return byKey != 0 ? byKey : a.Order.CompareTo(b.Order);   // the calls' order last: a stable sort
            });
        return new ContactsByNumber(byNumber);
    }

    /// <summary>As <see cref="Reach(IEnumerable{AbandonedCaller}, IEnumerable{NormalisedCall})"/>, with the window's contacts built once.</summary>
    public static IReadOnlyList<AbandonedCaller> Reach(IEnumerable<AbandonedCaller> pending, ContactsByNumber contacts)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(contacts);
        var result = new List<AbandonedCaller>();
        foreach (var caller in pending)
        {
            var contact = contacts.FirstAtOrAfter(caller.Number, caller.AbandonedAt);
            result.Add(contact is { } c && (caller.ReachedAt is null || c.AnsweredAt < caller.ReachedAt)
                ? caller with { ReachedAt = c.AnsweredAt, ReachedCallKey = c.Call.CallKey, ReachedBy = c.Call.Direction }
                : caller);
        }

        return result;
    }
}

/// <summary>An answered call with a number, and its answer (<see cref="NormalisedCall.AnsweredAt"/>, read once).</summary>
internal readonly record struct Contact(DateTimeOffset AnsweredAt, NormalisedCall Call, int Order);

/// <summary>A window's contacts by number (<see cref="CallbackMatcher.Contacts"/>).</summary>
internal sealed class ContactsByNumber(Dictionary<string, List<Contact>> byNumber)
{
    /// <summary>The numbers that have a contact.</summary>
    public IReadOnlyCollection<string> Numbers => byNumber.Keys;

    /// <summary>Whether <paramref name="number"/> has a contact.</summary>
    public bool Has(string number) => byNumber.ContainsKey(number);

    /// <summary>The first contact with <paramref name="number"/> answered at or after <paramref name="instant"/>, if any.</summary>
    public Contact? FirstAtOrAfter(string number, DateTimeOffset instant)
    {
        if (byNumber.TryGetValue(number, out var list))
            foreach (var contact in list)
                if (contact.AnsweredAt >= instant)
                    return contact;
        return null;
    }
}
