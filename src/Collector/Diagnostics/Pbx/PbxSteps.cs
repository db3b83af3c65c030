namespace Collector.Diagnostics.Pbx;

/// <summary>The PBX check's step names (the first column of the table and <c>step</c> in the JSON), and their order.</summary>
internal static class PbxSteps
{
    public const string Dns = "dns";
    public const string Tls = "tls";
    public const string Token = "token";
    public const string Version = "version";
    public const string CallLog = "call log";
    public const string ActiveCalls = "active calls";
    public const string Queues = "queues";
    public const string Users = "users";
    public const string SystemStatus = "system status";
    public const string Clock = "clock";

    /// <summary>Every step of a PBX check, in the order they run.</summary>
    public static IReadOnlyList<ICheckStep<PbxCheckContext>> All { get; } =
    [
        new DnsStep(), new TlsStep(), new TokenStep(), new VersionStep(), new CallLogStep(),
        new ActiveCallsStep(), new QueuesStep(), new UsersStep(), new SystemStatusStep(), new ClockStep(),
    ];
}
