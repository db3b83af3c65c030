using System.Text.Json;
using Simulator.Model;
using Simulator.OData;
using Simulator.Xapi.CallLog;

namespace Simulator.Truth;

/// <summary>The ground truth of calls, straight from the model (never from the call-log rows).</summary>
public sealed class TruthCalls(int seed)
{
    /// <summary>Every call (finished or live) that started in [from, to), oldest first.</summary>
    public void Write(Utf8JsonWriter w, World world, long from, long to, long now)
    {
        var calls = world.Store.StartedIn(from, to)
            .Concat(world.LiveCalls.Where(c => c.Start >= from && c.Start < to))
            .OrderBy(c => c.Start).ThenBy(c => c.Seq);
        w.WriteStartObject();
        w.WriteStartArray("calls");
        foreach (var call in calls) WriteCall(w, world.Directory, call, now);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    void WriteCall(Utf8JsonWriter w, PbxDirectory dir, Call call, long now)
    {
        w.WriteStartObject();
        w.WriteString("callId", StableIds.Guid(seed, call.Seq, 0));
        w.WriteNumber("activeCallId", call.Seq);
        w.WriteString("start", JsonFormats.Instant(call.Start));
        if (call.End is long end) w.WriteString("end", JsonFormats.Instant(end)); else w.WriteNull("end");
        w.WriteString("direction", call.Direction.ToString().ToLowerInvariant());
        w.WriteString("outcome", call.Outcome switch
        {
            CallOutcome.Answered => "answered", CallOutcome.Abandoned => "abandoned", CallOutcome.Unanswered => "unanswered", _ => "in_progress",
        });
        w.WriteString("caller", call.CallerNumber);
        w.WriteString("callee", call.CalleeNumber);
        if (call.Ivr is { } ivr) w.WriteNumber("ivr_s", JsonFormats.Seconds((ivr.End ?? now) - ivr.Start));

        w.WriteStartArray("passages");
        foreach (var p in call.Passages)
        {
            w.WriteStartObject();
            w.WriteString("queue", dir.Queues[p.Queue].Number);
            w.WriteString("queueName", dir.Queues[p.Queue].Name);
            w.WriteString("enter", JsonFormats.Instant(p.Enter));
            w.WriteNumber("wait_s", JsonFormats.Seconds((p.Exit ?? now) - p.Enter));
            w.WriteString("outcome", p.Outcome.ToString().ToLowerInvariant());
            if (p.Agent is int a) w.WriteString("agent", dir.Agents[a].Number); else w.WriteNull("agent");
            w.WriteNumber("talk_s", JsonFormats.Seconds(p.Talk));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("legs");
        foreach (var leg in call.Legs)
        {
            w.WriteStartObject();
            w.WriteString("agent", dir.Agents[leg.Agent].Number);
            w.WriteString("kind", leg.Kind.ToString().ToLowerInvariant());
            w.WriteString("start", JsonFormats.Instant(leg.Start));
            w.WriteNumber("ring_s", JsonFormats.Seconds(leg.Ring));
            w.WriteNumber("talk_s", JsonFormats.Seconds(leg.Talk));
            w.WriteBoolean("answered", leg.Answered);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteNumber("talk_s", JsonFormats.Seconds(call.Legs.Sum(l => l.Talk)));
        if (call.End is long e) w.WriteNumber("duration_s", JsonFormats.Seconds(e - call.Start)); else w.WriteNull("duration_s");
        w.WriteEndObject();
    }
}
