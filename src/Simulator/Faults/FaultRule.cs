namespace Simulator.Faults;

/// <summary>One injected fault: which route, what to answer, and how often.</summary>
public sealed class FaultRule
{
    /// <summary>
    /// Route names a rule may target; <c>*</c> is any XAPI route (not the token route), <c>reports</c> any report function,
    /// and a report function's entity set name (<c>ReportAbandonedQueueCalls</c>, …) that function only.
    /// </summary>
    public static readonly string[] Routes =
    [
        "calllog", "activecalls", "queues", "users", "systemstatus", "token", "defs", "reports", "*",
        .. ReportOffset.Fields.Keys,
    ];

    public required string Route { get; init; }

    /// <summary>Status answered instead of the real response (the body is an OData error unless <see cref="EmptyBody"/>).</summary>
    public int? Status { get; init; }
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Matching requests still to be hit; null = forever.</summary>
    public int? Times { get; set; }

    /// <summary>Fraction of matching requests hit (seeded); null = all.</summary>
    public double? Rate { get; init; }
    public int DelayMs { get; init; }
    public bool Malformed { get; init; }
    public bool EmptyBody { get; init; }

    public bool Matches(string route, string? function = null) =>
        Route == route || (Route == "*" && route != "token") || (function is not null && Route == function);
}

/// <summary>What to do to one request.</summary>
public sealed record FaultDecision(int DelayMs, int? Status, int? RetryAfterSeconds, bool Malformed, bool EmptyBody)
{
    public static readonly FaultDecision None = new(0, null, null, false, false);
}
