using Simulator.Faults;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Live;

/// <summary><c>GET /xapi/v1/SystemStatus</c> (singleton) and <c>GET /xapi/v1/Defs?$select=Id</c> (with <c>X-3CX-Version</c>).</summary>
public sealed class SystemStatusHandler(SimulationHost host, FaultSettings faults)
{
    public const string Version = "20.0.10.975";
    public const string LegacyVersion = "20.0.5.461";

    public string CurrentVersion => faults.LegacyFields ? LegacyVersion : Version;

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.SystemStatus", SystemStatusProperties);
        var select = options.Select is { } s && !s.Contains("*") ? s : null;
        return host.Read((world, now) =>
        {
            var registered = world.Agents.Count(a => a.Registered);
            var day = now.UtcDateTime.Date;
            var entity = new EntityObject()
                .Add("Id", 0).Add("FQDN", PbxDirectory.Fqdn).Add("Version", CurrentVersion).Add("Activated", true)
                .Add("LicenseActive", true).Add("ProductCode", "3CXPSPROFENT").Add("MaxSimCalls", 64)
                .Add("CallsActive", world.LiveCalls.Count).Add("ExtensionsRegistered", registered)
                .Add("ExtensionsTotal", world.Agents.Count).Add("UserExtensions", world.Agents.Count).Add("MaxUserExtensions", 1000)
                .Add("TrunksRegistered", 1).Add("TrunksTotal", 1).Add("HasNotRunningServices", false)
                .Add("HasUnregisteredSystemExtensions", false).Add("DiskUsage", 42).Add("FreeDiskSpace", 58L * 1024 * 1024 * 1024)
                .Add("TotalDiskSpace", 100L * 1024 * 1024 * 1024).Add("ExpirationDate", JsonFormats.Instant(day.AddYears(1).Ticks))
                .Add("MaintenanceExpiresAt", JsonFormats.Instant(day.AddYears(1).Ticks))
                .Add("LastBackupDateTime", day.AddMinutes(8).AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+01:00'", System.Globalization.CultureInfo.InvariantCulture))
                .Add("OS", "Linux").Add("RemoteStorageStatus", "NotConfigured").Add("AutoUpdateEnabled", true)
                .Add("BackupScheduled", true).Add("RecordingQuotaReached", false).Add("RecordingStopped", false)
                .Add("VoicemailQuotaReached", false).Add("VoicemailStopped", false).Add("Support", true);
            return XapiResponse.Json(JsonBody.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("@odata.context", request.Context(select is null ? "SystemStatus" : $"SystemStatus({string.Join(',', select)})"));
                entity.WriteMembers(w, select);
                w.WriteEndObject();
            }));
        });
    }

    public XapiResponse HandleDefs(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.Defs", ["Id"]);
        var body = JsonBody.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("@odata.context", request.Context(options.Select is null ? "Defs" : "Defs(Id)"));
            w.WriteNumber("Id", 0);
            w.WriteEndObject();
        });
        return new XapiResponse(200, body, new Dictionary<string, string> { ["X-3CX-Version"] = CurrentVersion });
    }

    static readonly string[] SystemStatusProperties =
    [
        "Id", "FQDN", "Version", "Activated", "LicenseActive", "ProductCode", "MaxSimCalls", "CallsActive", "ExtensionsRegistered",
        "ExtensionsTotal", "UserExtensions", "MaxUserExtensions", "TrunksRegistered", "TrunksTotal", "HasNotRunningServices",
        "HasUnregisteredSystemExtensions", "DiskUsage", "FreeDiskSpace", "TotalDiskSpace", "ExpirationDate", "MaintenanceExpiresAt",
        "LastBackupDateTime", "OS", "RemoteStorageStatus", "AutoUpdateEnabled", "BackupScheduled", "RecordingQuotaReached",
        "RecordingStopped", "VoicemailQuotaReached", "VoicemailStopped", "Support",
    ];
}
