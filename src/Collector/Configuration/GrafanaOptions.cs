using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// Where Grafana is and which TV playlist the <c>tv-playlist</c> verb keeps there (configuration keys
/// <c>Grafana:…</c>). Only that verb talks to Grafana; the worker never does.
/// </summary>
internal sealed class GrafanaOptions : IValidatableObject
{
    /// <summary>The dashboards the playlist shows by default: the wallboard, then the queue SLA history.</summary>
    public static readonly IReadOnlyList<string> DefaultPlaylistDashboards = ["threecx-wallboard", "threecx-queue-sla"];

    /// <summary>Grafana's address as the collector reaches it (its HTTP API). Default <c>http://127.0.0.1:3000/</c>.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:3000/");

    /// <summary>
    /// Grafana's address as the TVs reach it, for the printed kiosk URL, when it differs from <see cref="Url"/>
    /// (in Docker the collector uses <c>http://grafana:3000/</c>). Default: <see cref="Url"/>.
    /// </summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>A service-account token (role Editor), sent as <c>Authorization: Bearer</c>. Or <see cref="ApiTokenFile"/>.</summary>
    public string? ApiToken { get; set; }

    /// <summary>A file holding the token; read once at start and trimmed.</summary>
    public string? ApiTokenFile { get; set; }

    /// <summary>Instead of a token: a Grafana user (basic authentication). Needs <see cref="Password"/>.</summary>
    public string? User { get; set; }

    /// <summary>The password of <see cref="User"/>.</summary>
    public string? Password { get; set; }

    /// <summary>The playlist's name, which is how the verb finds it again. Default <c>Wallboard TV</c>.</summary>
    public string PlaylistName { get; set; } = "Wallboard TV";

    /// <summary>How long each dashboard stays on screen. Default 1 minute (5 s to 1 day).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan PlaylistInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Dashboard uids, in playing order (<c>Grafana:PlaylistDashboards:0</c>, <c>:1</c>, …). Default (none set)
    /// <see cref="DefaultPlaylistDashboards"/>; <see cref="Dashboards"/> is the list in effect.
    /// </summary>
    public List<string> PlaylistDashboards { get; set; } = [];

    /// <summary>The dashboards the playlist shows: <see cref="PlaylistDashboards"/>, or the default when none is set.</summary>
    public IReadOnlyList<string> Dashboards => PlaylistDashboards.Count > 0 ? PlaylistDashboards : DefaultPlaylistDashboards;

    /// <summary>Longest one Grafana API request may take. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether any credentials are configured (a token, or a user and password).</summary>
    public bool HasCredentials => ApiToken is not null || User is not null;

    /// <summary>The credentials, described without revealing them.</summary>
    public string DescribeCredentials() =>
        ApiToken is not null ? $"service-account token {Secrets.Describe(ApiToken, ApiTokenFile)}"
        : User is not null ? $"user {User}, password {Secrets.Describe(Password)}"
        : "no credentials";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if ((User is null) != (Password is null))
            yield return new("is not set; basic authentication needs both Grafana:User and Grafana:Password.", [User is null ? nameof(User) : nameof(Password)]);
        if (ApiToken is not null && User is not null)
            yield return new("and Grafana:ApiToken are both set; use a token or a user, not both.", [nameof(User)]);
        if (PlaylistName.Length is 0 or > 100 || PlaylistName.Any(char.IsControl))
            yield return new("must be 1 to 100 printable characters.", [nameof(PlaylistName)]);
        for (var i = 0; i < PlaylistDashboards.Count; i++)
        {
            var uid = PlaylistDashboards[i];
            if (uid.Length is 0 or > 40 || !uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                yield return new($"\"{uid}\" is not a dashboard uid (letters, digits, '-' and '_', at most 40).", [$"{nameof(PlaylistDashboards)}:{i}"]);
        }
    }
}
