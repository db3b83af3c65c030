using System.Collections.Concurrent;
using Collector.CallLog.Normalisation;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>
/// One PBX's call log: its XAPI client, its own normaliser (so unknown-value counts are per PBX) and its queues' SLATimes.
/// </summary>
internal sealed record PbxCallLog(string Name, IXapiClient Client, CallLogNormaliser Normaliser, QueueSlaTimes SlaTimes);

/// <summary>Creates and keeps one <see cref="PbxCallLog"/> per PBX name.</summary>
internal sealed class PbxCallLogs(IXapiClientFactory clients, ILoggerFactory loggers, TimeProvider time)
{
    readonly ConcurrentDictionary<string, PbxCallLog> _byName = new(StringComparer.Ordinal);

    public PbxCallLog For(PbxOptions pbx)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        return _byName.GetOrAdd(pbx.Name, _ =>
        {
            var client = clients.Create(PbxConnection.For(pbx));
            return new PbxCallLog(
                pbx.Name,
                client,
                new CallLogNormaliser(loggers.CreateLogger<CallLogNormaliser>()),
                new QueueSlaTimes(pbx.Name, client, time, loggers.CreateLogger<QueueSlaTimes>()));
        });
    }
}
