using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>
/// How the reports read time (configuration keys <c>Reporting:…</c>, environment <c>Reporting__…</c>; <c>TIME_ZONE</c> in
/// docker compose's <c>.env</c>). docs/dashboards.md says how the zone reaches Grafana.
/// </summary>
internal sealed class ReportingOptions : IValidatableObject
{
    /// <summary>The default zone: UTC.</summary>
    public const string DefaultTimeZone = "UTC";

    /// <summary>
    /// The call centre's IANA time zone (<c>Europe/Berlin</c>, <c>Australia/Perth</c>): "today" on the dashboards is this
    /// zone's day, daily buckets start at its midnight and weekly ones on its Monday. Default <c>UTC</c>.
    /// </summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The zone <see cref="TimeZone"/> names (valid once the options are validated).</summary>
    public TimeZoneInfo Zone => Find(TimeZone) ?? TimeZoneInfo.Utc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Problem(TimeZone) is { } problem)
            yield return new(problem, [nameof(TimeZone)]);
    }

    /// <summary>Why <paramref name="name"/> is not a zone InfluxDB and Grafana both read, or null when it is one.</summary>
    internal static string? Problem(string name)
    {
        if (Find(name) is null)
            return $"\"{Shorten(name)}\" is not a known IANA time zone; write one like Europe/Berlin, Australia/Perth or UTC.";
        if (!IsIanaName(name))
            return $"\"{Shorten(name)}\" is a Windows zone name; write its IANA name (e.g. Europe/Berlin), which InfluxDB and Grafana read.";
        return null;
    }

    static TimeZoneInfo? Find(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64) return null;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    static bool IsIanaName(string name) =>
        name == "UTC" || TimeZoneInfo.TryConvertIanaIdToWindowsId(name, out _) || !TimeZoneInfo.TryConvertWindowsIdToIanaId(name, out _);

    static string Shorten(string name) => name.Length <= 64 ? name : name[..64] + "…";
}
