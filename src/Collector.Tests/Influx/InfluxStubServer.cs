using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Influx;

/// <summary>What the stub saw: the decompressed body split into lines, and the headers that matter.</summary>
public sealed record StubRequest(string Path, string Query, string? Authorization, string? ContentEncoding, string Body)
{
    public IReadOnlyList<string> Lines { get; } = Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>How the stub answers one request. <see cref="Hang"/> answers only when the client gives up.</summary>
public sealed record StubAnswer(int Status, string? Body = null, string? RetryAfter = null, bool Hang = false, string? Location = null)
{
    public static StubAnswer NoContent { get; } = new(204);
}

/// <summary>
/// A tiny HTTP server on 127.0.0.1 that answers InfluxDB requests as a test scripts them (crafted
/// 400/413/429/401…), to exercise the writer's status policy; real writes are tested against influxd.
/// </summary>
public sealed class InfluxStubServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<StubRequest> _requests = new();
    readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    InfluxStubServer(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First());

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<StubRequest> Requests => [.. _requests];

    /// <summary>Completes once <paramref name="count"/> requests have arrived (a signal, not a poll); 10 s at most.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_requests.Count >= count) return;
            _waiters.Add((count, reached));
        }
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public static async Task<InfluxStubServer> StartAsync(Func<StubRequest, StubAnswer> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new InfluxStubServer(app);
        app.Run(context => server.HandleAsync(context, answer));
        await app.StartAsync();
        return server;
    }

    async Task HandleAsync(HttpContext context, Func<StubRequest, StubAnswer> answer)
    {
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        Stream body = encoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        string text;
        using (var reader = new StreamReader(body))
            text = await reader.ReadToEndAsync();

        var request = new StubRequest(
            context.Request.Path, context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.FirstOrDefault(), encoding.Length == 0 ? null : encoding, text);
        lock (_waiters)
        {
            _requests.Enqueue(request);
            foreach (var waiter in _waiters.Where(w => _requests.Count >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        var reply = answer(request);
        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null)
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Location is not null)
            context.Response.Headers.Location = reply.Location;
        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
