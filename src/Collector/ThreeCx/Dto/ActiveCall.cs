namespace Collector.ThreeCx;

/// <summary>
/// A call in progress (<c>Pbx.ActiveCall</c>). <see cref="Caller"/> and <see cref="Callee"/> are display forms:
/// <c>"800 Sales"</c>, <c>"Call Center (8524)"</c>, <c>"TEST GUEST (+12395551234)"</c>, a bare number, or empty
/// (<see cref="DisplayForms.Read"/> reads them all).
/// </summary>
internal sealed record ActiveCall
{
    public int? Id { get; init; }
    public string? Caller { get; init; }
    public string? Callee { get; init; }
    /// <summary>Observed: <c>Talking</c>, <c>Ringing</c>, <c>Held</c>, <c>Rerouting</c>, <c>Routing</c>.</summary>
    public string? Status { get; init; }
    public DateTimeOffset? LastChangeStatus { get; init; }
    public DateTimeOffset? EstablishedAt { get; init; }
    /// <summary>The PBX's clock when it answered; wait = ServerNow − LastChangeStatus.</summary>
    public DateTimeOffset? ServerNow { get; init; }
}
