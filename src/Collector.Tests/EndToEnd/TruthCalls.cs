using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>The simulator's ground truth (<c>GET /sim/truth/calls</c>): what really happened to every call.</summary>
public sealed record TruthCall(
    [property: JsonPropertyName("callId")] string CallId,
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset? End,
    [property: JsonPropertyName("direction")] string Direction,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("passages")] IReadOnlyList<TruthPassage> Passages);

public sealed record TruthPassage(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("enter")] DateTimeOffset Enter,
    [property: JsonPropertyName("wait_s")] double WaitS,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("agent")] string? Agent,
    [property: JsonPropertyName("talk_s")] double TalkS);

public static class Truth
{
    sealed record Envelope([property: JsonPropertyName("calls")] IReadOnlyList<TruthCall> Calls);

    /// <summary>Every call that started in [from, to) and has ENDED by the simulator's now (only those are in the call log).</summary>
    public static async Task<IReadOnlyList<TruthCall>> FinishedCallsAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"sim/truth/calls?from={Uri.EscapeDataString(from.UtcDateTime.ToString("O"))}&to={Uri.EscapeDataString(to.UtcDateTime.ToString("O"))}");
        var envelope = JsonSerializer.Deserialize<Envelope>(await sim.Http.GetStringAsync(url))!;
        return [.. envelope.Calls.Where(c => c.End is not null)];
    }
}
