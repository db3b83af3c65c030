using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Catches a misspelt section name (<c>InfluxDB__Url</c>, <c>Pbx__0__Name</c>), which would otherwise be ignored like any
/// other environment variable. Configuration holds the whole environment, so unknown top-level names are normal; only a
/// name that has keys under it and is close to one of the collector's sections is reported, like a misspelt key.
/// </summary>
internal static class MisspeltSections
{
    /// <summary>Every top-level section the collector reads (its own and the logging ones).</summary>
    public static readonly IReadOnlyList<string> Known =
        ["Pbxs", "Influx", "State", "Live", "Sla", "Schedules", "CallLog", "Reconcile", "Reporting", "Grafana", "Xapi", "Serilog", "Logging"];

    public static void Reject(IConfiguration configuration)
    {
        foreach (var section in configuration.GetChildren())
        {
            if (Known.Contains(section.Key, StringComparer.OrdinalIgnoreCase)) continue;
            var first = section.GetChildren().FirstOrDefault();
            if (first is null) continue;   // a plain variable (PATH, HOME, …), not a section
            var meant = Known.FirstOrDefault(known => Resembles(section.Key, known));
            if (meant is null) continue;
            var key = Leaf(first);
            var suggestion = meant + key.Path[section.Key.Length..];
            throw new ConfigurationException(key.Path, $"is not a known setting; did you mean {suggestion}? (section {section.Key} is not read; the collector's sections are {string.Join(", ", Known)}.)");
        }
    }

    /// <summary>Close enough to be a typo: a small edit distance, or one name extends the other (<c>InfluxDB</c>, <c>Pbx</c>).</summary>
    static bool Resembles(string name, string known)
    {
        var a = name.ToLowerInvariant();
        var b = known.ToLowerInvariant();
        var allowed = b.Length <= 4 ? 0 : 2;   // short names (Sla, Live) only by extension: Sql is not Sla
        return EditDistance.Between(a, b) <= allowed
               || (a.Length >= 3 && (a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal)));
    }

    static IConfigurationSection Leaf(IConfigurationSection section)
    {
        while (section.GetChildren().FirstOrDefault() is { } child)
            section = child;
        return section;
    }
}
