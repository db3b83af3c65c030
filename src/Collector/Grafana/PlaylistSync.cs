using Collector.Configuration;

namespace Collector.Grafana;

/// <summary>What <see cref="PlaylistSync.EnsureAsync"/> did.</summary>
internal enum PlaylistAction
{
    Created,
    Updated,
}

/// <summary>The outcome: the playlist's uid, whether it was created or updated, where to play it, and any warnings.</summary>
internal sealed record PlaylistSyncResult(string Uid, PlaylistAction Action, Uri KioskUrl, IReadOnlyList<string> Warnings);

/// <summary>
/// Keeps one playlist in Grafana equal to a <see cref="PlaylistSpec"/>, idempotently: it finds the playlist by name
/// and updates it, or creates it when there is none, so running it again never adds a duplicate. Grafana's search
/// matches names loosely, so only exact names (ignoring case) count; when several already share the name, the first
/// is updated and the others are reported. Dashboards Grafana does not have are reported too (still listed, so the
/// playlist is right once they are provisioned).
/// </summary>
internal sealed class PlaylistSync(GrafanaApiClient grafana)
{
    public async Task<PlaylistSyncResult> EnsureAsync(PlaylistSpec spec, Uri publicUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var warnings = new List<string>();
        foreach (var uid in spec.DashboardUids)
            if (!await grafana.DashboardExistsAsync(uid, cancellationToken))
                warnings.Add($"Grafana has no dashboard with uid \"{uid}\"; the playlist will skip it until it exists " +
                             "(are grafana/dashboards and the dashboard provisioning mounted?).");

        var body = PlaylistBody.From(spec);
        var existing = (await grafana.SearchPlaylistsAsync(spec.Name, cancellationToken))
            .Where(p => string.Equals(p.Name, spec.Name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (existing.Count == 0)
        {
            var created = await grafana.CreatePlaylistAsync(body, cancellationToken);
            return new PlaylistSyncResult(created.Uid, PlaylistAction.Created, KioskUrl.For(publicUrl, created.Uid), warnings);
        }

        var target = existing[0];
        if (existing.Count > 1)
            warnings.Add($"{existing.Count} playlists are named \"{spec.Name}\" (uids {string.Join(", ", existing.Select(p => p.Uid))}); " +
                         $"updated {target.Uid}. Delete the others in Grafana (Dashboards → Playlists).");
        await grafana.UpdatePlaylistAsync(target.Uid, body, cancellationToken);
        return new PlaylistSyncResult(target.Uid, PlaylistAction.Updated, KioskUrl.For(publicUrl, target.Uid), warnings);
    }

    /// <summary>The playlist the options describe.</summary>
    public static PlaylistSpec SpecFrom(GrafanaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PlaylistSpec(options.PlaylistName, options.PlaylistInterval, options.Dashboards);
    }
}
