using System.Text.Json;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Truth;

/// <summary>The true live state: each agent's state and each queue's waiting callers and agents (see README).</summary>
public static class TruthLive
{
    /// <summary>One agent's state; the first that applies wins: offline, on_call, ringing, logged_out, away, available.</summary>
    public static string State(AgentRuntime a) => AgentStates.Names[(int)AgentStates.Of(a)];

    public static void Write(Utf8JsonWriter w, World world, DateTimeOffset now)
    {
        var dir = world.Directory;
        w.WriteStartObject();
        w.WriteString("now", JsonFormats.Instant(now));
        w.WriteStartArray("queues");
        foreach (var q in dir.Queues)
        {
            var waiting = world.WaitingIn(q.Index);
            // Only agents logged in to the queues (registered, QueueStatus LoggedIn) count for a queue.
            var members = dir.Agents.Where(a => a.Queues.Contains(q.Index)).Select(a => world.Agents[a.Index])
                .Where(a => a.Registered && a.LoggedIn).Select(State).ToList();
            w.WriteStartObject();
            w.WriteString("queue", q.Number);
            w.WriteString("name", q.Name);
            w.WriteNumber("waiting", waiting.Count);
            w.WriteNumber("longestWait_s", waiting.Count == 0 ? 0 : JsonFormats.Seconds(now.UtcTicks - waiting.Min(c => c.CurrentPassage!.Enter)));
            w.WriteNumber("agentsLoggedIn", members.Count);
            w.WriteNumber("agentsAvailable", members.Count(s => s == "available"));
            w.WriteNumber("agentsOnCall", members.Count(s => s is "on_call" or "ringing"));
            w.WriteNumber("agentsAway", members.Count(s => s == "away"));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("agents");
        foreach (var def in dir.Agents)
        {
            var a = world.Agents[def.Index];
            w.WriteStartObject();
            w.WriteString("agent", def.Number);
            w.WriteString("name", def.DisplayName);
            w.WriteString("state", State(a));
            w.WriteString("profile", a.Profile);
            w.WriteString("queueStatus", a.LoggedIn ? "LoggedIn" : "LoggedOut");
            w.WriteBoolean("registered", a.Registered);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
