namespace Collector.ThreeCx;

/// <summary>An extension user (<c>Pbx.User</c>), the live-status fields.</summary>
internal sealed record XapiUser
{
    public int? Id { get; init; }
    /// <summary>The extension number.</summary>
    public string? Number { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? DisplayName { get; init; }
    public string? EmailAddress { get; init; }
    public bool? IsRegistered { get; init; }
    /// <summary>E.g. <c>Available</c>, <c>Away</c>.</summary>
    public string? CurrentProfileName { get; init; }
    /// <summary><c>LoggedIn</c> or <c>LoggedOut</c> (global, not per queue).</summary>
    public string? QueueStatus { get; init; }
    public bool? Enabled { get; init; }

    /// <summary>The select list the client sends for these fields.</summary>
    internal const string SelectList =
        "Id,Number,FirstName,LastName,DisplayName,EmailAddress,IsRegistered,CurrentProfileName,QueueStatus,Enabled";
}
