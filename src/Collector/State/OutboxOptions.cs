namespace Collector.State;

/// <summary>Bounds of the outbox (configuration key <c>State:OutboxMaxRows</c> when bound).</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// Most rows the outbox keeps. Past it the oldest <c>live</c> and <c>collector</c> rows are dropped (and
    /// counted); <c>calllog</c> rows are never dropped. Default 100 000 (a row is one point or one batch).
    /// </summary>
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Every problem, one line each, naming the configuration key; empty when usable.</summary>
    public IReadOnlyList<string> Validate() =>
        MaxRows < 1 ? ["State:OutboxMaxRows must be at least 1."] : [];
}
