using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>
/// Reads the collector's settings from configuration and validates every value once, at start.
/// The first problem found throws a <see cref="ConfigurationException"/> whose message is the one line to show.
/// </summary>
public static class SettingsReader
{
    public static CollectorSettings Read(IConfiguration configuration)
    {
        MisspeltSections.Reject(configuration);
        return ReadSections(configuration);
    }

    static CollectorSettings ReadSections(IConfiguration configuration) => new()
    {
        Pbxs = PbxSettingsReader.Read(configuration),
        Influx = InfluxSettingsReader.Read(configuration),
        State = GeneralSettingsReader.ReadState(configuration),
        Live = LiveSettingsReader.Read(configuration),
        Sla = GeneralSettingsReader.ReadSla(configuration),
        Schedules = GeneralSettingsReader.ReadSchedules(configuration),
        CallLog = GeneralSettingsReader.ReadCallLog(configuration),
        Grafana = GrafanaSettingsReader.Read(configuration),
    };
}
