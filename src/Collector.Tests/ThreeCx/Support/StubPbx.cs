using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Collector.Tests.ThreeCx.Support;

/// <summary>
/// A tiny in-test HTTP handler for policy tests: answers <c>/connect/token</c> with a token (or a scripted answer)
/// and every other path with the next scripted answer for it. Records every request.
/// </summary>
sealed class StubPbx(TimeProvider time) : HttpMessageHandler
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpRequestMessage, Task<HttpResponseMessage>>>> _scripts = new();
    int _tokensIssued;

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Seconds in the token's <c>expires_in</c>.</summary>
    public int TokenLifetimeSeconds { get; set; } = 60;

    /// <summary>Makes the issued tokens JWTs with this <c>exp</c>.</summary>
    public DateTimeOffset? JwtExp { get; set; }

    /// <summary>What every non-scripted request to a path gets.</summary>
    public Func<HttpRequestMessage, Task<HttpResponseMessage>> Default { get; set; } = _ => Task.FromResult(Json(200, """{"value":[]}"""));

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    public IEnumerable<Seen> To(string path) => Requests.Where(r => r.Path == path);

    /// <summary>The next request to <paramref name="path"/> gets <paramref name="answer"/> (in the order added).</summary>
    public StubPbx Then(string path, Func<HttpRequestMessage, Task<HttpResponseMessage>> answer)
    {
        _scripts.GetOrAdd(path, _ => new()).Enqueue(answer);
        return this;
    }

    public StubPbx Then(string path, HttpResponseMessage answer) => Then(path, _ => Task.FromResult(answer));

    public static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(int status, TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent([]) };
        if (retryAfter is { } delay) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        return response;
    }

    public static HttpResponseMessage ODataError(int status, string message) =>
        Json(status, $$$"""{"error":{"code":"","message":{{{System.Text.Json.JsonSerializer.Serialize(message)}}}}}""");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var form = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new Seen(request.Method.Method, path, request.RequestUri.Query, request.Headers.Authorization?.Parameter, form, time.GetUtcNow()));

        if (_scripts.TryGetValue(path, out var queue) && queue.TryDequeue(out var scripted))
            return await scripted(request).WaitAsync(cancellationToken);
        if (path == "/connect/token")
            return Json(200, $$"""{"token_type":"Bearer","expires_in":{{TokenLifetimeSeconds}},"access_token":"{{NewToken()}}","refresh_token":null}""");
        return await Default(request).WaitAsync(cancellationToken);
    }

    string NewToken()
    {
        var n = Interlocked.Increment(ref _tokensIssued);
        if (JwtExp is not { } exp) return $"token-{n}";
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"none"}""")}.{Part($$"""{"sub":"collector","n":{{n}},"exp":{{exp.ToUnixTimeSeconds()}}}""")}.sig";
    }

    public sealed record Seen(string Method, string Path, string Query, string? Bearer, string Form, DateTimeOffset At);
}
