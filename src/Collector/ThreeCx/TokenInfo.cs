namespace Collector.ThreeCx;

/// <summary>What the collector may know about the current access token; never the token itself.</summary>
/// <param name="ExpiresAt">When the token expires (the earlier of <c>expires_in</c> and the JWT <c>exp</c> claim).</param>
internal sealed record TokenInfo(DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// The PBX clock minus ours, from the token response's <c>Date</c> header (1 s resolution), when the
    /// PBX sent one. A large value means one of the clocks is wrong.
    /// </summary>
    public TimeSpan? ServerClockOffset { get; init; }
}
