namespace Collector.Grafana;

/// <summary>
/// What a failed Grafana call means and what to do about it, in one paragraph for the person at the terminal.
/// Kept apart from the HTTP calls so each status has one documented meaning. Never repeats a credential.
/// </summary>
internal static class GrafanaFailures
{
    public static string Explain(Exception failure, Uri grafanaUrl)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure switch
        {
            GrafanaApiException { Status: 401 } =>
                $"Grafana at {grafanaUrl} refused the credentials (401 Unauthorized): the service-account token is wrong, " +
                "expired or revoked (or the user/password is wrong). In Grafana open Administration → Users and access → " +
                "Service accounts, add a token to an account with the Editor role, and set Grafana__ApiToken (or " +
                "Grafana__ApiTokenFile) to it.",
            GrafanaApiException { Status: 403 } e =>
                $"Grafana at {grafanaUrl} answered 403 Forbidden to {e.Method} /{e.Path}: the service account may not change " +
                "playlists. Give it the Editor role (Administration → Users and access → Service accounts).",
            GrafanaApiException { Status: 404 } e =>
                $"Grafana at {grafanaUrl} has no /{e.Path} (404). Is Grafana__Url Grafana's root address (e.g. " +
                "http://grafana.example.com:3000/, with the sub-path if Grafana is served under one)?",
            GrafanaApiException e =>
                $"{e.Message}. Check Grafana's log for the cause.",
            HttpRequestException e =>
                $"Grafana is not reachable at {grafanaUrl} ({e.Message}). Is it running (docker compose ps) and is " +
                "Grafana__Url right?",
            TaskCanceledException or TimeoutException =>
                $"Grafana at {grafanaUrl} did not answer in time (Grafana__RequestTimeout). Is it overloaded or starting up?",
            System.Text.Json.JsonException e =>
                $"Grafana at {grafanaUrl} answered with something that is not its playlist API's JSON ({e.Message}). Is " +
                "Grafana__Url Grafana itself and not a proxy's login page?",
            _ => failure.Message,
        };
    }
}
