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

    /// <summary>A 200's first row (or its object) gets this property set to a string of this length (<c>longValue</c>).</summary>
    public LongValue? LongValue { get; init; }

    public bool Matches(string route, string? function = null) =>
        Route == route || (Route == "*" && route != "token") || (function is not null && Route == function);
}

/// <summary>
/// A value far longer than any 3CX sends (<c>"longValue":{"property":"StartTime","length":10485760}</c>): the property
/// of the answer's first row (of a collection; else of the object) becomes its old text followed by <c>x</c>s up to
/// <see cref="Length"/> characters.
/// </summary>
public sealed record LongValue(string Property, int Length)
{
    /// <summary>The longest value a rule may ask for (64 MiB of characters).</summary>
    public const int MaxLength = 64 * 1024 * 1024;
}

/// <summary>What to do to one request.</summary>
public sealed record FaultDecision(int DelayMs, int? Status, int? RetryAfterSeconds, bool Malformed, bool EmptyBody, LongValue? LongValue = null)
{
    public static readonly FaultDecision None = new(0, null, null, false, false);
}
