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

/// <summary>
/// A row of 3CX's "Abandoned queue calls" report (<c>Pbx.AbandonedQueueCalls</c>): one row per agent polled for an
/// abandoned call; only a call's first row carries <see cref="CallTime"/> (and, as served, its wait and caller).
/// </summary>
internal sealed record AbandonedQueueCall
{
    public string? QueueDn { get; init; }
    public string? QueueDisplayName { get; init; }
    /// <summary>When the call entered the queue; set on the first row of each call only.</summary>
    public DateTimeOffset? CallTime { get; init; }
    public DateTimeOffset? CallTimeForCsv { get; init; }
    /// <summary>How long the caller waited before hanging up.</summary>
    public TimeSpan? WaitTime { get; init; }
    public string? CallerId { get; init; }
    public string? ExtensionDn { get; init; }
    public string? ExtensionDisplayName { get; init; }
    public string? CallHistoryId { get; init; }
    public long? PollingAttempts { get; init; }
    public bool? IsLoggedIn { get; init; }
}

/// <summary>A row of 3CX's "Queue answered calls by wait time" report (<c>Pbx.QueueAnsweredCallsByWaitTime</c>): one answered call.</summary>
internal sealed record QueueAnsweredCallByWaitTime
{
    /// <summary>When the call entered the queue.</summary>
    public DateTimeOffset? CallTime { get; init; }
    /// <summary>When an agent answered it.</summary>
    public DateTimeOffset? AnsweredTime { get; init; }
    /// <summary>The queue's name (3CX's <c>Dn</c>).</summary>
    public string? Dn { get; init; }
    /// <summary>The queue's number.</summary>
    public string? DnNumber { get; init; }
    /// <summary>Who answered, e.g. <c>Berg, Anna (101)</c>.</summary>
    public string? Destination { get; init; }
    /// <summary>The caller.</summary>
    public string? Source { get; init; }
    /// <summary>How long the caller waited until the answer.</summary>
    public TimeSpan? RingTime { get; init; }
    public int? SentimentScore { get; init; }
}
