namespace Collector.ThreeCx;

/// <summary>A row of 3CX's "Queue performance totals" report (<c>Pbx.QueuePerformanceTotals</c>).</summary>
internal sealed record QueuePerformanceTotals
{
    public string? QueueDn { get; init; }
    public string? QueueDisplayName { get; init; }
    /// <summary>Zero counts may be omitted by 3CX (null).</summary>
    public long? QueueReceivedCount { get; init; }
    public long? ExtensionAnsweredCount { get; init; }
    public long? ExtensionDroppedCount { get; init; }
}

/// <summary>A row of 3CX's "Statistic SLA" report (<c>Pbx.StatisticSla</c>).</summary>
internal sealed record StatisticSla
{
    public string? QueueDnNumber { get; init; }
    public string? Dn { get; init; }
    public long? ReceivedCount { get; init; }
    public long? BadSlaCallsCount { get; init; }
}
