using System.Collections.Concurrent;
using Collector.Configuration;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.Live.Collection;

/// <summary>
/// One <see cref="LiveSnapshotCollector"/> per configured PBX, created on first use and kept for the life of the
/// process (the Quartz job instances come and go; the caches, clock offset and failure log must not).
/// </summary>
internal sealed class LiveSnapshotCollectors(
    CollectorSettings settings, IXapiClientFactory clients, LivePointSink sink, TimeProvider time, ILoggerFactory loggers)
{
    readonly ConcurrentDictionary<string, Lazy<LiveSnapshotCollector>> _collectors = new(StringComparer.Ordinal);

    /// <summary>The collector of the PBX named <paramref name="pbx"/> (its <c>Pbxs:N:Name</c>).</summary>
    public LiveSnapshotCollector For(string pbx) =>
        _collectors.GetOrAdd(pbx, name => new Lazy<LiveSnapshotCollector>(() => Create(name))).Value;

    LiveSnapshotCollector Create(string name)
    {
        var pbx = settings.Pbxs.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException($"No PBX named '{name}' is configured (Pbxs:N:Name).");
        var client = clients.Create(PbxConnection.For(pbx));
        return new LiveSnapshotCollector(pbx.Name, client, sink, settings.Live, settings.Schedules.LiveSnapshotInterval,
            time, loggers.CreateLogger<LiveSnapshotCollector>());
    }
}
