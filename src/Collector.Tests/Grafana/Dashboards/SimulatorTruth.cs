using System.Globalization;
using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Dashboards;

/// <summary>A queue passage as the simulator's ground truth tells it.</summary>
public sealed record TruthPassage(string Queue, string QueueName, DateTimeOffset Enter, double WaitSeconds, string Outcome, string? Agent, double TalkSeconds);

/// <summary>A call as the simulator's ground truth tells it; <see cref="End"/> is null while it is in progress.</summary>
public sealed record TruthCall(string CallId, DateTimeOffset Start, DateTimeOffset? End, IReadOnlyList<TruthPassage> Passages);

/// <summary>One queue's true live state.</summary>
public sealed record TruthQueueNow(string Queue, string Name, int Waiting, double LongestWaitSeconds, int AgentsLoggedIn, int AgentsAvailable, int AgentsOnCall, int AgentsAway);

/// <summary>One agent's true live state (<c>offline</c>, <c>on_call</c>, <c>ringing</c>, <c>logged_out</c>, <c>away</c>, <c>available</c>).</summary>
public sealed record TruthAgentNow(string Agent, string Name, string State);

/// <summary>The true live state of the simulated PBX at <see cref="Now"/>.</summary>
public sealed record TruthLive(DateTimeOffset Now, IReadOnlyList<TruthQueueNow> Queues, IReadOnlyList<TruthAgentNow> Agents);

/// <summary>Reads the simulator's ground truth (<c>/sim/truth/calls</c>, <c>/sim/truth/live</c>) straight from its JSON.</summary>
public static class SimulatorTruth
{
    /// <summary>Every call that started in [from, to).</summary>
    public static async Task<IReadOnlyList<TruthCall>> CallsAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"sim/truth/calls?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}");
        using var doc = JsonDocument.Parse(await sim.Http.GetStringAsync(url));
        return doc.RootElement.GetProperty("calls").EnumerateArray().Select(call => new TruthCall(
            call.GetProperty("callId").GetString()!,
            call.GetProperty("start").GetDateTimeOffset(),
            call.GetProperty("end").ValueKind == JsonValueKind.Null ? null : call.GetProperty("end").GetDateTimeOffset(),
            call.GetProperty("passages").EnumerateArray().Select(p => new TruthPassage(
                p.GetProperty("queue").GetString()!,
                p.GetProperty("queueName").GetString()!,
                p.GetProperty("enter").GetDateTimeOffset(),
                p.GetProperty("wait_s").GetDouble(),
                p.GetProperty("outcome").GetString()!,
                p.GetProperty("agent").ValueKind == JsonValueKind.String ? p.GetProperty("agent").GetString() : null,
                p.GetProperty("talk_s").GetDouble())).ToArray())).ToArray();
    }

    public static async Task<TruthLive> LiveAsync(SimulatorHost sim)
    {
        using var doc = JsonDocument.Parse(await sim.Http.GetStringAsync("sim/truth/live"));
        var root = doc.RootElement;
        return new TruthLive(
            root.GetProperty("now").GetDateTimeOffset(),
            root.GetProperty("queues").EnumerateArray().Select(q => new TruthQueueNow(
                q.GetProperty("queue").GetString()!,
                q.GetProperty("name").GetString()!,
                q.GetProperty("waiting").GetInt32(),
                q.GetProperty("longestWait_s").GetDouble(),
                q.GetProperty("agentsLoggedIn").GetInt32(),
                q.GetProperty("agentsAvailable").GetInt32(),
                q.GetProperty("agentsOnCall").GetInt32(),
                q.GetProperty("agentsAway").GetInt32())).ToArray(),
            root.GetProperty("agents").EnumerateArray().Select(a => new TruthAgentNow(
                a.GetProperty("agent").GetString()!,
                a.GetProperty("name").GetString()!,
                a.GetProperty("state").GetString()!)).ToArray());
    }

    static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
