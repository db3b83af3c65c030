using System.CommandLine;
using Collector.Configuration;
using Collector.Grafana;

namespace Collector.Cli;

/// <summary>
/// <c>collector tv-playlist</c>: creates or updates the Grafana playlist for the office TVs (Grafana cannot provision
/// playlists from files) and prints the kiosk URL to open on them. Idempotent: run it again after changing the
/// <c>Grafana:Playlist…</c> settings.
/// </summary>
internal static class PlaylistCommand
{
    public const string Name = "tv-playlist";

    public static Command Create(CliContext context)
    {
        var command = new Command(Name, "Create or update the Grafana TV playlist (Grafana:PlaylistName) and print its kiosk URL.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(VerbAction.Create(context, async (_, _, settings, cancellationToken) =>
        {
            var grafana = settings.Grafana;
            if (!grafana.HasCredentials)
            {
                await context.Error.WriteLineAsync(
                    "Configuration error: Grafana:ApiToken is not set; create a service account with the Editor role in Grafana " +
                    "(Administration → Users and access → Service accounts), add a token, and set Grafana__ApiToken or Grafana__ApiTokenFile.");
                return ExitCodes.ConfigurationError;
            }

            var spec = PlaylistSync.SpecFrom(grafana);
            PlaylistSyncResult result;
            using (var http = new HttpClient())
            {
                try
                {
                    result = await new PlaylistSync(new GrafanaApiClient(http, grafana)).EnsureAsync(spec, grafana.PublicUrl ?? grafana.Url, cancellationToken);
                }
                catch (Exception ex) when (ex is GrafanaApiException or HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                           && !cancellationToken.IsCancellationRequested)
                {
                    await context.Error.WriteLineAsync(GrafanaFailures.Explain(ex, grafana.Url));
                    return ExitCodes.Failed;
                }
            }

            foreach (var warning in result.Warnings)
                await context.Error.WriteLineAsync($"Warning: {warning}");
            var verb = result.Action == PlaylistAction.Created ? "Created" : "Updated";
            await context.Out.WriteLineAsync(
                $"{verb} the Grafana playlist \"{spec.Name}\" (uid {result.Uid}): {string.Join(", ", spec.DashboardUids)}, each shown for {spec.GrafanaInterval}.");
            await context.Out.WriteLineAsync("Open this address on the TV (kiosk mode: no menus, variable bar, links or time picker; Esc leaves it):");
            await context.Out.WriteLineAsync($"  {result.KioskUrl}");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
