using Collector.Configuration;

namespace Collector.Cli;

/// <summary>
/// Which PBXs a verb works on: every configured (or enabled) one, or the one <c>--pbx NAME</c> names. A PBX list that
/// is empty, or a name that matches none, is a configuration error (exit code 2) with one line that says what to set.
/// </summary>
internal static class PbxSelection
{
    /// <summary>The line for "no PBX is configured"; <paramref name="alternative"/> is appended when a verb offers one.</summary>
    public static ConfigurationException NoneConfigured(string? alternative = null) => new("Pbxs:0:BaseUrl",
        "is not set: no PBX is configured. Set Pbxs__0__Name, Pbxs__0__BaseUrl, Pbxs__0__ClientId and Pbxs__0__ClientSecret " +
        "(README, Configuration)" + (alternative is null ? "." : $"; {alternative}."));

    /// <summary>
    /// The PBXs to work on. <paramref name="name"/> null: every PBX (<paramref name="enabledOnly"/>: every enabled one);
    /// otherwise the one with that name (case-insensitive), which must be enabled when <paramref name="enabledOnly"/>.
    /// </summary>
    public static IReadOnlyList<PbxOptions> Choose(CollectorSettings settings, string? name, bool enabledOnly, string? alternative = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Pbxs.Count == 0)
            throw NoneConfigured(alternative);
        if (name is null)
        {
            var chosen = enabledOnly ? settings.EnabledPbxs.ToList() : settings.Pbxs.ToList();
            return chosen.Count > 0 ? chosen
                : throw new ConfigurationException("Pbxs:N:Enabled",
                    $"is false for every PBX ({string.Join(", ", settings.Pbxs.Select(p => p.Name))}): nothing to collect; enable at least one.");
        }
        var match = settings.Pbxs.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ConfigurationException("--pbx",
                $"\"{name}\" names no PBX (configured: {string.Join(", ", settings.Pbxs.Select(p => p.Name))}); use one of the Pbxs:N:Name values.");
        if (enabledOnly && !match.Enabled)
            throw new ConfigurationException($"{match.Key}:Enabled", $"is false: PBX \"{match.Name}\" is disabled; enable it first.");
        return [match];
    }
}
