using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Collector.Configuration;

namespace Collector.Grafana;

/// <summary>
/// The few calls of Grafana's HTTP API the <c>tv-playlist</c> verb makes. Authenticates with a service-account token
/// (<c>Authorization: Bearer</c>) or a user and password (basic). Any error status throws
/// <see cref="GrafanaApiException"/>; <see cref="GrafanaFailures"/> turns it into advice.
/// </summary>
internal sealed class GrafanaApiClient
{
    readonly HttpClient _http;

    public GrafanaApiClient(HttpClient http, GrafanaOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _http.BaseAddress = options.Url;
        _http.Timeout = options.RequestTimeout;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.Authorization = options.ApiToken is not null
            ? new AuthenticationHeaderValue("Bearer", options.ApiToken)
            : options.User is not null
                ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")))
                : null;
    }

    /// <summary><c>GET /api/playlists?query=NAME</c>: playlists whose name contains <paramref name="name"/> (Grafana matches loosely).</summary>
    public async Task<IReadOnlyList<PlaylistSummary>> SearchPlaylistsAsync(string name, CancellationToken cancellationToken)
    {
        var path = $"api/playlists?query={Uri.EscapeDataString(name)}";
        using var response = await _http.GetAsync(path, cancellationToken);
        await EnsureSuccessAsync(response, "GET", path, cancellationToken);
        return await response.Content.ReadFromJsonAsync<List<PlaylistSummary>>(cancellationToken) ?? [];
    }

    /// <summary><c>POST /api/playlists</c>: creates a playlist and returns it with the uid Grafana chose.</summary>
    public async Task<PlaylistSummary> CreatePlaylistAsync(PlaylistBody body, CancellationToken cancellationToken)
    {
        const string path = "api/playlists";
        using var response = await _http.PostAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccessAsync(response, "POST", path, cancellationToken);
        return await response.Content.ReadFromJsonAsync<PlaylistSummary>(cancellationToken)
            ?? throw new GrafanaApiException((int)response.StatusCode, "POST", path, "the answer holds no playlist");
    }

    /// <summary><c>PUT /api/playlists/{uid}</c>: replaces the playlist's name, interval and items.</summary>
    public async Task UpdatePlaylistAsync(string uid, PlaylistBody body, CancellationToken cancellationToken)
    {
        var path = $"api/playlists/{Uri.EscapeDataString(uid)}";
        using var response = await _http.PutAsJsonAsync(path, body, cancellationToken);
        await EnsureSuccessAsync(response, "PUT", path, cancellationToken);
    }

    /// <summary><c>GET /api/dashboards/uid/{uid}</c>: whether Grafana has the dashboard (false on 404).</summary>
    public async Task<bool> DashboardExistsAsync(string uid, CancellationToken cancellationToken)
    {
        var path = $"api/dashboards/uid/{Uri.EscapeDataString(uid)}";
        using var response = await _http.GetAsync(path, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return false;
        await EnsureSuccessAsync(response, "GET", path, cancellationToken);
        return true;
    }

    static async Task EnsureSuccessAsync(HttpResponseMessage response, string method, string path, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw new GrafanaApiException((int)response.StatusCode, method, path.Split('?')[0], MessageOf(body));
    }

    /// <summary>Grafana's error JSON is <c>{"message": "…"}</c>; anything else is shortened text.</summary>
    static string? MessageOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("message", out var message))
                return message.ToString();
        }
        catch (JsonException)
        {
        }
        var text = body.Trim();
        return text.Length == 0 ? null : text.Length > 200 ? text[..200] + "…" : text;
    }
}
