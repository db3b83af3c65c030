using System.Security.Cryptography;

namespace Collector.State;

/// <summary>
/// The name a collector instance gives itself in the state database (the outbox's <c>claimed_by</c>): host name, process
/// id and 8 random hex digits, e.g. <c>collector-2-4711-9f3a01c2</c>. New for every state store, so two processes never
/// share one, not even a restarted process that gets its old pid back on the same host.
/// </summary>
internal static class StateInstance
{
    public static string NewId() => $"{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
