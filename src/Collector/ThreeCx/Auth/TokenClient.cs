using Collector.Security;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.OData;

namespace Collector.ThreeCx.Auth;

/// <summary>
/// Fetches a token: OAuth2 client credentials, form POST to <c>/connect/token</c>. The lifetime is the earlier of
/// <c>expires_in</c> (seconds) and the JWT's <c>exp</c>. <c>exp</c> is an instant on the PBX's clock, so it is read
/// against the answer's <c>Date</c> header when there is one (a PBX clock behind or ahead of ours then changes
/// nothing), and ignored when it lies in the past. Each token joins <paramref name="secrets"/> the moment it arrives,
/// before any request can carry it (and any server echo it back).
/// </summary>
internal sealed class TokenClient(XapiTransport transport, PbxConnection pbx, TimeSpan refreshMargin, SecretRegistry secrets)
{
    /// <summary>Used when the answer says nothing about the lifetime (3CX's documented value).</summary>
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);

    public Task<AccessToken> FetchAsync(CancellationToken cancellationToken)
    {
        var sentAt = transport.Time.GetUtcNow();
        var request = XapiRequest.PostForm(XapiRoutes.Token,
        [
            new("client_id", pbx.ClientId),
            new("client_secret", pbx.ClientSecret),
            new("grant_type", "client_credentials"),
        ]);
        return transport.SendAsync(request, (response, body) => Read(response, body, sentAt), cancellationToken);
    }

    AccessToken Read(HttpResponseMessage response, ReadOnlyMemory<byte> body, DateTimeOffset sentAt)
    {
        var answer = XapiApi.Deserialize(body, XapiJsonContext.Default.TokenResponse);
        if (string.IsNullOrEmpty(answer.AccessToken))
            throw new System.Text.Json.JsonException("The token answer has no access_token.");
        secrets.AddToken(answer.AccessToken);

        var expiresAt = sentAt + (answer.ExpiresIn is > 0 and < 31_536_000 ? TimeSpan.FromSeconds(answer.ExpiresIn.Value) : DefaultLifetime);
        var offset = response.Headers.Date is { } serverNow ? serverNow - transport.Time.GetUtcNow() : (TimeSpan?)null;
        // The Date header has whole seconds only: allow one second of slack before trusting exp over expires_in.
        if (JwtExpiry.TryRead(answer.AccessToken) is { } exp)
        {
            var localExp = offset is { } skew ? exp - skew + TimeSpan.FromSeconds(1) : exp;
            if (localExp > sentAt && localExp < expiresAt)
                expiresAt = localExp;
        }

        var lifetime = expiresAt - sentAt;
        var margin = refreshMargin < lifetime / 2 ? refreshMargin : lifetime / 2;
        return new AccessToken(answer.AccessToken, expiresAt, expiresAt - margin, offset);
    }
}
