using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;

using Collector.Configuration;
using Collector.Security;

namespace Collector.Influx.Writing;

/// <summary>
/// Sends one request to InfluxDB and reports what came back; decides nothing. A timeout
/// (<c>RequestTimeout</c>, measured on the injected <see cref="TimeProvider"/>) or a failed connection
/// becomes a <see cref="WriteResponse"/> without status; only the caller's cancellation throws. The boundary where
/// InfluxDB's text enters our messages: its error texts are cut and masked here (<see cref="WriteResponse.ReadServerMessage"/>),
/// and no body is read beyond <see cref="MaxBodyBytes"/>.
/// </summary>
sealed class InfluxHttpTransport(HttpClient http, InfluxEndpoint endpoint, InfluxOptions options, TimeProvider time, SecretRegistry? secrets = null)
{
    /// <summary>The most of one answer's body that is read (error texts, a database creation's or the check's read-back answer).</summary>
    internal const int MaxBodyBytes = 1024 * 1024;

    static readonly MediaTypeHeaderValue LineProtocolType = new("text/plain") { CharSet = "utf-8" };

    /// <summary>POSTs encoded lines to the write endpoint (gzip-compressed when configured).</summary>
    public async Task<WriteResponse> WriteAsync(ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        HttpContent content = options.Gzip ? Compress(lines) : new ReadOnlyMemoryContent(lines);
        content.Headers.ContentType = LineProtocolType;
        if (options.Gzip)
            content.Headers.ContentEncoding.Add("gzip");
        var (response, body) = await SendAsync(endpoint.WriteUri, content, readSuccessBody: false, cancellationToken);
        return response with { ServerMessage = WriteResponse.ReadServerMessage(body, secrets) };
    }

    /// <summary>POSTs an InfluxQL statement to v1 <c>/query</c>; an error inside the results counts as a 400.</summary>
    public async Task<WriteResponse> QueryAsync(string statement, CancellationToken cancellationToken)
    {
        var content = new FormUrlEncodedContent([new("q", statement)]);
        var (response, body) = await SendAsync(endpoint.QueryUri, content, readSuccessBody: true, cancellationToken);
        if (response.Status is not (>= 200 and < 300))
            return response with { ServerMessage = WriteResponse.ReadServerMessage(body, secrets) };
        return StatementError(body) is { } error ? response with { Status = 400, ServerMessage = OutsideText.Clean(error, secrets) } : response;
    }

    /// <summary>
    /// Sends a request of <c>collector check</c>'s (ping, read back) with the writer's timeout; the answer, its body and
    /// InfluxDB's version header. Like a write, a timeout or a failed connection is an answer without status.
    /// </summary>
    public async Task<(WriteResponse Response, string? Body, string? Version)> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await ReadBodyAsync(answer.Content, linked.Token);
            var version = answer.Headers.TryGetValues("X-Influxdb-Version", out var values) ? OutsideText.Bound(values.FirstOrDefault()) : null;
            var status = (int)answer.StatusCode;
            var message = status is >= 200 and < 300 ? null : WriteResponse.ReadServerMessage(body, secrets);
            return (new WriteResponse(status, message, RetryAfter(answer)), body, version);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (WriteResponse.NoAnswer($"no answer within {options.RequestTimeout.TotalSeconds:0.###} s"), null, null);
        }
        catch (HttpRequestException error)
        {
            return (WriteResponse.NoAnswer(OutsideText.Clean(Diagnostics.NetworkFailure.Describe(error), secrets)), null, null);
        }
    }

    async Task<(WriteResponse Response, string? Body)> SendAsync(
        Uri uri, HttpContent content, bool readSuccessBody, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Authorization = endpoint.Authorization;
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var answer = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)answer.StatusCode;
            var body = status is >= 200 and < 300 && !readSuccessBody
                ? null
                : await ReadBodyAsync(answer.Content, linked.Token);
            return (new WriteResponse(status, RetryAfter: RetryAfter(answer)), body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (WriteResponse.NoAnswer($"no answer within {options.RequestTimeout}"), null);
        }
        catch (HttpRequestException error)
        {
            return (WriteResponse.NoAnswer(OutsideText.Clean(error.Message, secrets)), null);
        }
    }

    static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken) =>
        System.Text.Encoding.UTF8.GetString(await BoundedBody.ReadAsync(content, MaxBodyBytes, truncate: true, cancellationToken) ?? []);

    TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    static ByteArrayContent Compress(ReadOnlyMemory<byte> lines)
    {
        var compressed = new MemoryStream(lines.Length / 8 + 64);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(lines.Span);
        return new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
    }

    // /query answers 200 even when a statement failed: {"results":[{"statement_id":0,"error":"…"}]}.
    static string? StatementError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
            return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                return null;
            foreach (var result in results.EnumerateArray())
            {
                if (result.TryGetProperty("error", out var error))
                    return error.GetString();
            }
        }
        catch (JsonException)
        {
            return WriteResponse.ReadServerMessage(body);
        }

        return null;
    }
}
