using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.Grafana.Playlist;

/// <summary>
/// A small stand-in for Grafana's documented HTTP API on 127.0.0.1: the playlist routes (search by a loose name
/// match, create with a generated uid, get, update) and <c>GET /api/dashboards/uid/{uid}</c>, with playlists held in
/// memory. Every request must carry the expected <c>Authorization</c> header, else 401 with Grafana's JSON.
/// </summary>
public sealed class FakeGrafana : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, JsonObject> _playlists = new();
    readonly ConcurrentQueue<string> _requests = new();
    int _nextUid;

    FakeGrafana(WebApplication app, string authorization, IEnumerable<string> dashboards)
    {
        _app = app;
        Authorization = authorization;
        Dashboards = new HashSet<string>(dashboards, StringComparer.Ordinal);
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The exact <c>Authorization</c> header value accepted (e.g. <c>Bearer glsa_…</c>).</summary>
    public string Authorization { get; set; }

    /// <summary>Uids of the dashboards Grafana "has".</summary>
    public HashSet<string> Dashboards { get; }

    /// <summary>"METHOD /path?query" of every request, in order.</summary>
    public IReadOnlyList<string> Requests => _requests.ToArray();

    /// <summary>The playlists stored, by uid, as Grafana returns them from <c>GET /api/playlists/{uid}</c>.</summary>
    public IReadOnlyDictionary<string, JsonObject> Playlists => _playlists;

    public static async Task<FakeGrafana> StartAsync(string authorization, params string[] dashboards)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGrafana(app, authorization, dashboards);
        fake.Map(app);
        await app.StartAsync();
        fake.Url = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Adds a playlist as if someone had created it in Grafana's UI; returns its uid.</summary>
    public string Seed(string name, string interval = "5m", params string[] dashboardUids)
    {
        var uid = NewUid();
        _playlists[uid] = Stored(uid, new JsonObject
        {
            ["name"] = name,
            ["interval"] = interval,
            ["items"] = new JsonArray(dashboardUids.Select((d, i) => (JsonNode)new JsonObject
            {
                ["type"] = "dashboard_by_uid", ["value"] = d, ["order"] = i + 1,
            }).ToArray()),
        });
        return uid;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (context.Request.Headers.Authorization.ToString() != Authorization)
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "invalid API key", traceID = "" });
                return;
            }
            await next(context);
        });
        app.MapGet("/api/playlists", (string? query) => Results.Json(_playlists.Values
            .Where(p => query is null || ((string)p["name"]!).Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => (string)p["uid"]!, StringComparer.Ordinal)
            .Select(p => new { uid = (string)p["uid"]!, name = (string)p["name"]!, interval = (string)p["interval"]! })));
        app.MapGet("/api/playlists/{uid}", (string uid) =>
            _playlists.TryGetValue(uid, out var p) ? Results.Json(p) : Results.Json(new { message = "playlist not found" }, statusCode: 404));
        app.MapPost("/api/playlists", async (HttpRequest request) =>
        {
            var body = await ReadBodyAsync(request);
            var uid = NewUid();
            _playlists[uid] = Stored(uid, body);
            return Results.Json(new { uid, name = (string)body["name"]!, interval = (string)body["interval"]! });
        });
        app.MapPut("/api/playlists/{uid}", async (string uid, HttpRequest request) =>
        {
            if (!_playlists.ContainsKey(uid)) return Results.Json(new { message = "playlist not found" }, statusCode: 404);
            var body = await ReadBodyAsync(request);
            _playlists[uid] = Stored(uid, body);
            return Results.Json(_playlists[uid]);
        });
        app.MapGet("/api/dashboards/uid/{uid}", (string uid) => Dashboards.Contains(uid)
            ? Results.Json(new { dashboard = new { uid }, meta = new { provisioned = true } })
            : Results.Json(new { message = "Dashboard not found" }, statusCode: 404));
    }

    string NewUid() => $"pl{Interlocked.Increment(ref _nextUid):D3}x";

    static JsonObject Stored(string uid, JsonObject body)
    {
        var stored = (JsonObject)body.DeepClone();
        stored["uid"] = uid;
        return stored;
    }

    static async Task<JsonObject> ReadBodyAsync(HttpRequest request)
    {
        var node = await JsonNode.ParseAsync(request.Body) as JsonObject
            ?? throw new BadHttpRequestException("The body is not a JSON object.");
        foreach (var key in new[] { "name", "interval", "items" })
            if (!node.ContainsKey(key)) throw new BadHttpRequestException($"The body has no {key}.");
        return node;
    }
}
