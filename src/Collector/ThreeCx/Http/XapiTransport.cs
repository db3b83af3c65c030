using System.Text.Json;
using Collector.Security;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Collector.ThreeCx.Http;

/// <summary>
/// Sends one request to one PBX through its resilience pipeline and turns every answer into either a value or an
/// <see cref="XapiException"/> (meaning decided by <see cref="XapiOutcomePolicy"/>). This is the only class that does HTTP,
/// and so the boundary where the PBX's text enters the collector's messages: the PBX's error message, and the text of an
/// unreadable body or a failed connection, are cut (<see cref="OutsideText"/>) and masked (<see cref="SecretRegistry"/>) here.
/// </summary>
internal sealed class XapiTransport
{
    /// <summary>The most of an error answer's body that is read: its message is near the start, and is cut to far less anyway.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    readonly Func<HttpClient> _http;
    readonly Uri _baseUrl;
    readonly ResiliencePipeline _pipeline;
    readonly TimeProvider _time;
    readonly XapiOptions _options;
    readonly string _pbx;
    readonly SecretRegistry _secrets;

    public XapiTransport(Func<HttpClient> http, Uri baseUrl, ResiliencePipeline pipeline, TimeProvider time, XapiOptions options, string pbx,
        SecretRegistry secrets)
    {
        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _pipeline = pipeline;
        _time = time;
        _options = options;
        _pbx = pbx;
        _secrets = secrets;
    }

    public Uri BaseUrl => _baseUrl;

    public TimeProvider Time => _time;

    /// <summary>
    /// Sends <paramref name="request"/>; <paramref name="read"/> turns a 2xx answer into the result. The body it is given lies
    /// in a pooled buffer that is reused once <paramref name="read"/> returns: it must copy what it keeps (a parsed value, a
    /// string, <c>ToArray()</c>), never the memory itself.
    /// </summary>
    /// <remarks><paramref name="read"/> may throw <see cref="JsonException"/> or <see cref="FormatException"/> for an unreadable body.</remarks>
    public async Task<T> SendAsync<T>(XapiRequest request, Func<HttpResponseMessage, ReadOnlyMemory<byte>, T> read, CancellationToken cancellationToken)
    {
        var url = new Uri(_baseUrl, request.RelativeUrl);
        var call = XapiCall.For(url, request.RelativeUrl);
        try
        {
            return await _pipeline.ExecuteAsync(token => AttemptAsync(request, url, call, read, token), cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw XapiOutcomePolicy.ForTimeout(call, _options.RequestTimeout, ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw XapiOutcomePolicy.ForOpenCircuit(call, _pbx, _options.CircuitBreakerBreakDuration, ex);
        }
    }

    /// <summary>
    /// The failure an answer means, or null for a success. Only an error answer's body is read for the PBX's message: a
    /// success is parsed once, by its reader, not a second time here.
    /// </summary>
    internal static XapiException? FailureOf(HttpResponseMessage response, ReadOnlySpan<byte> body, XapiCall call, SecretRegistry secrets, TimeProvider time) =>
        response.IsSuccessStatusCode
            ? null
            : XapiOutcomePolicy.ForStatus(
                response.StatusCode, call,
                ErrorBodyReader.TryReadMessage(body, secrets),
                call.IsToken ? ErrorBodyReader.TryReadOAuthError(body) : null,
                RetryAfterHeader.Read(response.Headers, time.GetUtcNow()),
                response.Headers.Location);

    async ValueTask<T> AttemptAsync<T>(XapiRequest request, Uri url, XapiCall call, Func<HttpResponseMessage, ReadOnlyMemory<byte>, T> read, CancellationToken cancellationToken)
    {
        using var message = request.ToHttpRequest(url);
        HttpResponseMessage response;
        PooledBody body;
        try
        {
            response = await _http().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw XapiOutcomePolicy.ForTransportError(ex, call, _secrets);
        }

        using (response)
        {
            // A success is read whole up to Xapi:MaxResponseBytes (beyond it the request fails); an error answer only its start.
            var success = response.IsSuccessStatusCode;
            try
            {
                body = await BoundedBody.ReadPooledAsync(response.Content, success ? _options.MaxResponseBytes : MaxErrorBodyBytes, truncate: !success, cancellationToken)
                       ?? throw XapiOutcomePolicy.ForTooLargeBody(call, _options.MaxResponseBytes);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw XapiOutcomePolicy.ForTransportError(ex, call, _secrets);
            }

            using (body)   // a rented buffer: read must not keep the memory beyond its return
            {
                if (FailureOf(response, body.Memory.Span, call, _secrets, _time) is { } failure)
                    throw failure;

                try
                {
                    return read(response, body.Memory);
                }
                catch (Exception ex) when (ex is JsonException or FormatException)
                {
                    throw XapiOutcomePolicy.ForMalformedBody(ex, call, _secrets);
                }
            }
        }
    }
}
