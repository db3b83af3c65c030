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
    public static IReadOnlyList<AbandonedCaller> Reach(IEnumerable<AbandonedCaller> pending, IEnumerable<NormalisedCall> calls)
    {
        var contacts = calls
            .Where(c => c.ExternalNumber is not null && c.Direction is CallDirections.Inbound or CallDirections.Outbound && c.AnsweredAt is not null)
            .OrderBy(c => c.AnsweredAt)
            .ThenBy(c => c.CallKey, StringComparer.Ordinal)
            .ToLookup(c => c.ExternalNumber!, StringComparer.Ordinal);
        var result = new List<AbandonedCaller>();
        foreach (var caller in pending)
        {
            var contact = contacts[caller.Number].FirstOrDefault(c => c.AnsweredAt >= caller.AbandonedAt);
            result.Add(contact is not null && (caller.ReachedAt is null || contact.AnsweredAt < caller.ReachedAt)
                ? caller with { ReachedAt = contact.AnsweredAt, ReachedCallKey = contact.CallKey, ReachedBy = contact.Direction }
                : caller);
        }

        return result;
    }
}
