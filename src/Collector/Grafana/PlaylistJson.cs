using System.Text.Json.Serialization;

namespace Collector.Grafana;

// The JSON of Grafana's playlist HTTP API (GET/POST /api/playlists, PUT /api/playlists/{uid}).

/// <summary>One entry of <c>GET /api/playlists?query=…</c>, and the answer to a create.</summary>
internal sealed record PlaylistSummary(
    [property: JsonPropertyName("uid")] string Uid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("interval")] string? Interval);

/// <summary>The body of a create or an update.</summary>
internal sealed record PlaylistBody(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("interval")] string Interval,
    [property: JsonPropertyName("items")] IReadOnlyList<PlaylistItem> Items)
{
    public static PlaylistBody From(PlaylistSpec spec) => new(
        spec.Name,
        spec.GrafanaInterval,
        spec.DashboardUids.Select((uid, i) => new PlaylistItem("dashboard_by_uid", uid, i + 1)).ToList());
}

/// <summary>A playlist entry; this verb only writes <c>dashboard_by_uid</c> items.</summary>
internal sealed record PlaylistItem(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("order")] int Order);
