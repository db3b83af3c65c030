using System.Text.Json.Serialization;

namespace Collector.ThreeCx.Json;

/// <summary>An OData collection answer: <c>{"@odata.context":…,"@odata.count":N,"value":[…]}</c>.</summary>
internal sealed class ODataCollection<T>
{
    [JsonPropertyName("value")]
    public List<T>? Value { get; init; }

    [JsonPropertyName("@odata.count")]
    public long? Count { get; init; }

    /// <summary>Not in 3CX's spec and never observed, but honoured if it appears.</summary>
    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}

/// <summary>The OAuth2 token answer: <c>{"token_type":"Bearer","expires_in":60,"access_token":"…"}</c>.</summary>
internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public double? ExpiresIn { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }
}
