using System.Collections.Concurrent;
using Collector.CallLog.Normalisation;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.CallLog.Sync;

/// <summary>One PBX's call log: its XAPI client and its own normaliser (so unknown-value counts are per PBX).</summary>
internal sealed record PbxCallLog(string Name, IXapiClient Client, CallLogNormaliser Normaliser);

/// <summary>Creates and keeps one <see cref="PbxCallLog"/> per PBX name.</summary>
internal sealed class PbxCallLogs(IXapiClientFactory clients, ILoggerFactory loggers)
{
    readonly ConcurrentDictionary<string, PbxCallLog> _byName = new(StringComparer.Ordinal);

    public PbxCallLog For(PbxOptions pbx)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        return _byName.GetOrAdd(pbx.Name, _ => new PbxCallLog(
            pbx.Name,
            clients.Create(PbxConnection.For(pbx)),
            new CallLogNormaliser(loggers.CreateLogger<CallLogNormaliser>())));
    }
}
