using System.Text.Json;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Truth;

/// <summary>
/// Per agent, the seconds spent in each state over [from, to) (clamped to the simulated history: from its start to
/// now). <c>states</c> has every state of <see cref="AgentStates.Of"/> and sums to the window; <c>loggedIn_s</c> is the
/// time registered and logged in to the queues, and <c>loggedIn</c> splits it into available, away, on_call and
/// ringing (sums to <c>loggedIn_s</c>); <c>changes</c> counts the changes inside the window. See README.
/// </summary>
public static class TruthAgents
{
    public static void Write(Utf8JsonWriter w, World world, long from, long to, long now)
    {
        from = Math.Max(from, world.Begin);
        to = Math.Min(to, now);
        if (to < from) to = from;
        var dir = world.Directory;
        w.WriteStartObject();
        w.WriteString("from", JsonFormats.Instant(from));
        w.WriteString("to", JsonFormats.Instant(to));
        w.WriteNumber("interval_s", JsonFormats.Seconds(to - from));
        w.WriteStartArray("agents");
        foreach (var def in dir.Agents)
        {
            var (all, loggedIn, changes) = world.Timelines[def.Index].Durations(from, to);
            w.WriteStartObject();
            w.WriteString("agent", def.Number);
            w.WriteString("name", def.DisplayName);
            w.WriteNumber("changes", changes);
            w.WriteNumber("loggedIn_s", JsonFormats.Seconds(loggedIn.Sum()));
            w.WriteStartObject("loggedIn");
            foreach (var state in (AgentState[])[AgentState.Available, AgentState.Away, AgentState.OnCall, AgentState.Ringing])
                w.WriteNumber(AgentStates.Names[(int)state] + "_s", JsonFormats.Seconds(loggedIn[(int)state]));
            w.WriteEndObject();
            w.WriteStartObject("states");
            for (var s = 0; s < all.Length; s++) w.WriteNumber(AgentStates.Names[s] + "_s", JsonFormats.Seconds(all[s]));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
