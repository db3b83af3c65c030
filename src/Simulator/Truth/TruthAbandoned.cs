using System.Text.Json;
using Simulator.Model;
using Simulator.OData;
using Simulator.Xapi.CallLog;

namespace Simulator.Truth;

/// <summary>
/// Callers who abandoned in [from, to): every finished call whose outcome is abandoned (the caller hung up while waiting
/// in a queue), by the instant they hung up, oldest first. For each: the number, the queue they hung up in, the wait (from
/// first entering a queue to the hang-up), and the first contact after it, if any by now: an answered outbound call to
/// that number or an answered inbound call from it, at the instant it was answered. See README.
/// </summary>
public sealed class TruthAbandoned(int seed)
{
    public void Write(Utf8JsonWriter w, World world, long from, long to, long now)
    {
        var dir = world.Directory;
        var abandoned = world.Store.Overlapping(from, to)
            .Where(c => c.Outcome == CallOutcome.Abandoned && c.End >= from && c.End < to)
            .OrderBy(c => c.End).ThenBy(c => c.Seq).ToList();

        // Answered contacts per external number, from the first abandon on (finished and live calls).
        var contacts = new Dictionary<string, List<(long Answered, Call Call)>>(StringComparer.Ordinal);
        if (abandoned.Count > 0)
        {
            var numbers = abandoned.Select(c => c.CallerNumber).ToHashSet(StringComparer.Ordinal);
            var since = abandoned[0].End!.Value;
            foreach (var call in world.Store.StartedIn(Math.Max(0, since - CallStore.MaxCallSpan), long.MaxValue).Concat(world.LiveCalls))
            {
                var number = call.Direction switch
                {
                    CallDirection.Outbound => call.CalleeNumber,
                    CallDirection.Inbound => call.CallerNumber,
                    _ => null,
                };
                if (number is null || !numbers.Contains(number)) continue;
                if (call.Legs.FirstOrDefault(l => l.Answered) is not { } leg) continue;
                var answered = leg.Start + leg.Ring;
                if (answered < since || answered > now) continue;
                if (!contacts.TryGetValue(number, out var list)) contacts[number] = list = [];
                list.Add((answered, call));
            }
        }

        w.WriteStartObject();
        w.WriteStartArray("abandoned");
        foreach (var call in abandoned)
        {
            var end = call.End!.Value;
            var passage = call.Passages[^1];
            w.WriteStartObject();
            w.WriteString("callId", StableIds.Guid(seed, call.Seq, 0));
            w.WriteString("caller", call.CallerNumber);
            w.WriteString("queue", dir.Queues[passage.Queue].Number);
            w.WriteString("queueName", dir.Queues[passage.Queue].Name);
            w.WriteString("abandonedAt", JsonFormats.Instant(end));
            w.WriteNumber("wait_s", JsonFormats.Seconds(end - call.Passages[0].Enter));
            var reached = contacts.TryGetValue(call.CallerNumber, out var list)
                ? list.Where(x => x.Answered >= end).OrderBy(x => x.Answered).ThenBy(x => x.Call.Seq).Select(x => ((long, Call)?)x).FirstOrDefault()
                : null;
            w.WriteBoolean("reached", reached is not null);
            if (reached is var (at, by))
            {
                w.WriteString("reachedAt", JsonFormats.Instant(at));
                w.WriteString("reachedBy", by.Direction == CallDirection.Outbound ? "outbound" : "inbound");
                w.WriteString("reachedCallId", StableIds.Guid(seed, by.Seq, 0));
            }
            else
            {
                w.WriteNull("reachedAt");
                w.WriteNull("reachedBy");
                w.WriteNull("reachedCallId");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
