using System.Globalization;
using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Live.Support;

public sealed record TruthQueue(string Queue, string Name, int Waiting, double LongestWait, int LoggedIn, int Available, int OnCall, int Away);

public sealed record TruthAgent(string Agent, string Name, string State, string Profile, string QueueStatus, bool Registered);

/// <summary>The simulator's <c>/sim/truth/live</c>.</summary>
public sealed record TruthLive(DateTimeOffset Now, IReadOnlyList<TruthQueue> Queues, IReadOnlyList<TruthAgent> Agents)
{
    public static async Task<TruthLive> ReadAsync(SimulatorHost sim)
    {
        using var doc = JsonDocument.Parse(await sim.Http.GetStringAsync("sim/truth/live"));
        var root = doc.RootElement;
        return new TruthLive(
            DateTimeOffset.Parse(root.GetProperty("now").GetString()!, CultureInfo.InvariantCulture),
            [.. root.GetProperty("queues").EnumerateArray().Select(q => new TruthQueue(
                q.GetProperty("queue").GetString()!, q.GetProperty("name").GetString()!, q.GetProperty("waiting").GetInt32(),
                q.GetProperty("longestWait_s").GetDouble(), q.GetProperty("agentsLoggedIn").GetInt32(), q.GetProperty("agentsAvailable").GetInt32(),
                q.GetProperty("agentsOnCall").GetInt32(), q.GetProperty("agentsAway").GetInt32()))],
            [.. root.GetProperty("agents").EnumerateArray().Select(a => new TruthAgent(
                a.GetProperty("agent").GetString()!, a.GetProperty("name").GetString()!, a.GetProperty("state").GetString()!,
                a.GetProperty("profile").GetString()!, a.GetProperty("queueStatus").GetString()!, a.GetProperty("registered").GetBoolean()))]);
    }
}

/// <summary>Other ground truth of the simulator.</summary>
public static class SimTruth
{
    /// <summary>The truth's outcome of the call with this <c>ActiveCalls</c> Id that started in [from, to).</summary>
    public static async Task<string?> OutcomeOfAsync(SimulatorHost sim, int activeCallId, DateTimeOffset from, DateTimeOffset to)
    {
        var url = FormattableString.Invariant($"sim/truth/calls?from={from.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}&to={to.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}");
        using var doc = JsonDocument.Parse(await sim.Http.GetStringAsync(url));
        return doc.RootElement.GetProperty("calls").EnumerateArray()
            .Where(c => c.GetProperty("activeCallId").GetInt32() == activeCallId)
            .Select(c => c.GetProperty("outcome").GetString())
            .FirstOrDefault();
    }
}
