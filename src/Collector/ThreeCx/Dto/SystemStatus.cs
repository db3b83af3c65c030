using System.Text.Json.Serialization;

namespace Collector.ThreeCx;

/// <summary>The PBX's status singleton (<c>Pbx.SystemStatus</c>), the useful fields.</summary>
internal sealed record SystemStatus
{
    public int? Id { get; init; }
    [JsonPropertyName("FQDN")]
    public string? Fqdn { get; init; }
    /// <summary>E.g. <c>20.0.7.1080</c>.</summary>
    public string? Version { get; init; }
    public bool? Activated { get; init; }
    public bool? LicenseActive { get; init; }
    public string? ProductCode { get; init; }
    public DateTimeOffset? ExpirationDate { get; init; }
    public DateTimeOffset? MaintenanceExpiresAt { get; init; }
    public int? MaxSimCalls { get; init; }
    public int? CallsActive { get; init; }
    public int? ExtensionsRegistered { get; init; }
    public int? ExtensionsTotal { get; init; }
    public int? TrunksRegistered { get; init; }
    public int? TrunksTotal { get; init; }
    public int? UserExtensions { get; init; }
    public int? MaxUserExtensions { get; init; }
    public bool? HasNotRunningServices { get; init; }
    public bool? HasUnregisteredSystemExtensions { get; init; }
    /// <summary>Percent.</summary>
    public int? DiskUsage { get; init; }
    public long? FreeDiskSpace { get; init; }
    public long? TotalDiskSpace { get; init; }
    /// <summary>In the PBX's local offset, e.g. <c>…+01:00</c>.</summary>
    public DateTimeOffset? LastBackupDateTime { get; init; }
    /// <summary><c>Linux</c>, <c>Windows</c> or <c>Other</c>.</summary>
    [JsonPropertyName("OS")]
    public string? Os { get; init; }
    public string? RemoteStorageStatus { get; init; }
    public bool? RecordingQuotaReached { get; init; }
    public bool? RecordingStopped { get; init; }
    public bool? VoicemailQuotaReached { get; init; }
    public bool? VoicemailStopped { get; init; }
}
