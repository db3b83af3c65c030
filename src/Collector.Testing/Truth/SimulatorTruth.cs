using System.Globalization;
using System.Text.Json;

namespace Collector.Testing.Truth;

/// <summary>
/// Reads the simulator's ground truth (<c>/sim/truth/calls</c>, <c>/sim/truth/live</c>) into <see cref="TruthCall"/>
/// and <see cref="TruthLive"/>. Strict: a field missing from the JSON, or null where the model says it cannot be,
/// is an error rather than a default, so a change in the simulator's answer shows here.
/// </summary>
public static class SimulatorTruth
{
    static readonly JsonSerializerOptions Strict = new()
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    sealed record CallsAnswer([property: System.Text.Json.Serialization.JsonPropertyName("calls")] IReadOnlyList<TruthCall> Calls);

    sealed record QueuesAnswer([property: System.Text.Json.Serialization.JsonPropertyName("queues")] IReadOnlyList<TruthQueue> Queues);

    sealed record AbandonedAnswer([property: System.Text.Json.Serialization.JsonPropertyName("abandoned")] IReadOnlyList<TruthAbandonedCaller> Abandoned);

    /// <summary>Every agent's time in each state over [from, to) (<c>/sim/truth/agents</c>; clamped to the history and now).</summary>
    public static async Task<TruthAgentTimes> AgentTimesAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<TruthAgentTimes>(await sim.Http.GetStringAsync(Window("sim/truth/agents", from, to), cancellationToken), Strict)
        ?? throw new InvalidDataException("/sim/truth/agents answered null.");

    /// <summary>Callers who abandoned in [from, to), oldest first, each with whether and when they were reached by now (<c>/sim/truth/abandoned</c>).</summary>
    public static async Task<IReadOnlyList<TruthAbandonedCaller>> AbandonedAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        (JsonSerializer.Deserialize<AbandonedAnswer>(await sim.Http.GetStringAsync(Window("sim/truth/abandoned", from, to), cancellationToken), Strict)
         ?? throw new InvalidDataException("/sim/truth/abandoned answered null.")).Abandoned;

    /// <summary>Every call (finished or in progress) that started in [from, to), oldest first.</summary>
    public static async Task<IReadOnlyList<TruthCall>> CallsAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        return Parse(await sim.Http.GetStringAsync(Window("sim/truth/calls", from, to), cancellationToken));
    }

    /// <summary>Every call that started in [from, to) and has ended by the simulator's now (only those are in the call log).</summary>
    public static async Task<IReadOnlyList<TruthCall>> FinishedCallsAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        [.. (await CallsAsync(sim, from, to, cancellationToken)).Where(c => c.Finished)];

    /// <summary>Every queue with its SLATime (<c>/sim/truth/queues</c>).</summary>
    public static async Task<IReadOnlyList<TruthQueue>> QueuesAsync(SimulatorHost sim, CancellationToken cancellationToken = default) =>
        (JsonSerializer.Deserialize<QueuesAnswer>(await sim.Http.GetStringAsync("sim/truth/queues", cancellationToken), Strict)
         ?? throw new InvalidDataException("/sim/truth/queues answered null.")).Queues;

    /// <summary>
    /// <paramref name="configured"/> (the collector's settings in the test) with the simulated PBX's SLATime per queue,
    /// so each queue's T is what the collector should apply to it.
    /// </summary>
    public static async Task<KpiRules> KpiRulesAsync(SimulatorHost sim, KpiRules configured, CancellationToken cancellationToken = default) =>
        configured with { SlaTimes = (await QueuesAsync(sim, cancellationToken)).ToDictionary(q => q.Queue, q => q.SlaTimeSeconds, StringComparer.Ordinal) };

    /// <summary>The true live state now.</summary>
    public static async Task<TruthLive> LiveAsync(SimulatorHost sim, CancellationToken cancellationToken = default) =>
        JsonSerializer.Deserialize<TruthLive>(await sim.Http.GetStringAsync("sim/truth/live", cancellationToken), Strict)
        ?? throw new InvalidDataException("/sim/truth/live answered null.");

    /// <summary>Parses a <c>/sim/truth/calls</c> answer.</summary>
    public static IReadOnlyList<TruthCall> Parse(string json) =>
        (JsonSerializer.Deserialize<CallsAnswer>(json, Strict) ?? throw new InvalidDataException("/sim/truth/calls answered null.")).Calls;

    static string Window(string route, DateTimeOffset from, DateTimeOffset to) =>
        $"{route}?from={Uri.EscapeDataString(Iso(from))}&to={Uri.EscapeDataString(Iso(to))}";

    static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
