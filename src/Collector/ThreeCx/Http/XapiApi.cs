using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Collector.ThreeCx.Auth;
using Collector.ThreeCx.Json;
using Microsoft.Extensions.Logging;

namespace Collector.ThreeCx.Http;

/// <summary>
/// Authenticated GETs: adds the bearer token, and on a 401 invalidates it, fetches a new one and retries the
/// request once (a second 401 surfaces as <see cref="XapiFailureKind.Unauthorized"/>).
/// </summary>
internal sealed partial class XapiApi(XapiTransport transport, TokenProvider tokens, ILogger logger, string pbx)
{
    public async Task<T> GetAsync<T>(string relativeUrl, Func<HttpResponseMessage, ReadOnlyMemory<byte>, T> read, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken);
        try
        {
            return await transport.SendAsync(XapiRequest.Get(relativeUrl, token.Value), read, cancellationToken);
        }
        catch (XapiException ex) when (ex.Kind == XapiFailureKind.Unauthorized)
        {
            LogRefreshing(logger, pbx, ex.Endpoint);
            token = await tokens.RefreshAsync(token, cancellationToken);
            return await transport.SendAsync(XapiRequest.Get(relativeUrl, token.Value), read, cancellationToken);
        }
    }

    public Task<T> GetJsonAsync<T>(string relativeUrl, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        GetAsync(relativeUrl, (_, body) => Deserialize(body, type), cancellationToken);

    /// <summary>An OData collection answer; one without a <c>value</c> array is malformed.</summary>
    public Task<ODataCollection<T>> GetCollectionAsync<T>(string relativeUrl, JsonTypeInfo<ODataCollection<T>> type, CancellationToken cancellationToken) =>
        GetAsync(relativeUrl, (_, body) => DeserializeCollection(body, type), cancellationToken);

    /// <summary>An OData collection answer; throws <see cref="JsonException"/> when it has no <c>value</c> array.</summary>
    public static ODataCollection<T> DeserializeCollection<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<ODataCollection<T>> type)
    {
        var collection = Deserialize(body, type);
        return collection.Value is null ? throw new JsonException("The answer has no \"value\" array.") : collection;
    }

    public async Task<IReadOnlyList<T>> GetListAsync<T>(string relativeUrl, JsonTypeInfo<ODataCollection<T>> type, CancellationToken cancellationToken) =>
        (await GetCollectionAsync(relativeUrl, type, cancellationToken)).Value!;

    public static T Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body.Span, type) ?? throw new JsonException("The answer is JSON null.");

    [LoggerMessage(Level = LogLevel.Information,
        Message = "PBX {Pbx} answered 401 on {Endpoint}; fetching a new token and retrying once.")]
    static partial void LogRefreshing(ILogger logger, string pbx, string endpoint);
}
