namespace Collector.ThreeCx.Auth;

/// <summary>A bearer token with its lifetime. <see cref="ToString"/> never shows the token.</summary>
internal sealed class AccessToken(string value, DateTimeOffset expiresAt, DateTimeOffset refreshAt, TimeSpan? serverClockOffset)
{
    public string Value { get; } = value;

    /// <summary>The earlier of <c>issued + expires_in</c> and the JWT's <c>exp</c>.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>When to fetch the next one (a margin before <see cref="ExpiresAt"/>).</summary>
    public DateTimeOffset RefreshAt { get; } = refreshAt;

    /// <summary>PBX clock minus ours, from the token answer's <c>Date</c> header.</summary>
    public TimeSpan? ServerClockOffset { get; } = serverClockOffset;

    public TokenInfo ToInfo() => new(ExpiresAt) { ServerClockOffset = ServerClockOffset };

    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
