using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the <c>Grafana</c> section (used by the <c>tv-playlist</c> verb).</summary>
internal static class GrafanaSettingsReader
{
    static readonly string[] Keys =
    [
        "Url", "PublicUrl", "ApiToken", "ApiTokenFile", "User", "Password",
        "PlaylistName", "PlaylistInterval", "PlaylistDashboards", "RequestTimeout",
    ];

    public static GrafanaOptions Read(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("Grafana"), Keys);
        section.RejectUnknownKeys();
        var defaults = new GrafanaOptions();
        var grafana = new GrafanaOptions
        {
            Url = section.HttpUrl("Url") ?? defaults.Url,
            PublicUrl = section.HttpUrl("PublicUrl"),
            ApiToken = section.String("ApiToken"),
            ApiTokenFile = section.String("ApiTokenFile"),
            User = section.String("User"),
            Password = section.String("Password"),
            PlaylistName = section.String("PlaylistName") ?? defaults.PlaylistName,
            PlaylistInterval = section.Duration("PlaylistInterval", defaults.PlaylistInterval, TimeSpan.FromSeconds(5), TimeSpan.FromDays(1)),
            PlaylistDashboards = ReadDashboards(configuration.GetSection("Grafana:PlaylistDashboards")) ?? defaults.PlaylistDashboards,
            RequestTimeout = section.Duration("RequestTimeout", defaults.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
        };

        if (grafana.ApiToken is not null && grafana.ApiTokenFile is not null)
            throw new ConfigurationException(section.KeyPath("ApiTokenFile"), $"and {section.KeyPath("ApiToken")} are both set; set only one.");
        if (grafana.ApiTokenFile is not null)
            grafana.ApiToken = Secrets.ReadFile(section.KeyPath("ApiTokenFile"), grafana.ApiTokenFile);
        if ((grafana.User is null) != (grafana.Password is null))
            throw new ConfigurationException(section.KeyPath(grafana.User is null ? "User" : "Password"),
                $"is not set; basic authentication needs both {section.KeyPath("User")} and {section.KeyPath("Password")}.");
        if (grafana.ApiToken is not null && grafana.User is not null)
            throw new ConfigurationException(section.KeyPath("User"), $"and {section.KeyPath("ApiToken")} are both set; use a token or a user, not both.");
        if (grafana.PlaylistName.Length > 100 || grafana.PlaylistName.Any(char.IsControl))
            throw new ConfigurationException(section.KeyPath("PlaylistName"), "must be at most 100 printable characters.");
        return grafana;
    }

    /// <summary>The uids at <c>Grafana:PlaylistDashboards:0</c>, <c>:1</c>, … in order, or null when none is set.</summary>
    static List<string>? ReadDashboards(IConfigurationSection list)
    {
        if (!string.IsNullOrWhiteSpace(list.Value))
            throw new ConfigurationException(list.Path, "must be a list of dashboard uids (Grafana:PlaylistDashboards:0, …:1), not a single value.");
        var entries = new List<(int Index, string Uid)>();
        foreach (var entry in list.GetChildren())
        {
            if (!int.TryParse(entry.Key, out var index) || index < 0)
                throw new ConfigurationException(entry.Path, "is not a list position; number the dashboards from 0.");
            var uid = entry.Value?.Trim();
            if (string.IsNullOrEmpty(uid)) continue;
            if (uid.Length > 40 || !uid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                throw new ConfigurationException(entry.Path, $"\"{uid}\" is not a dashboard uid (letters, digits, '-' and '_', at most 40).");
            entries.Add((index, uid));
        }
        return entries.Count == 0 ? null : entries.OrderBy(e => e.Index).Select(e => e.Uid).ToList();
    }
}
