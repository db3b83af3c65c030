using Collector.State;
using Microsoft.Extensions.Hosting;

namespace Collector.Live;

/// <summary>
/// Runs the <see cref="OutboxFlusher"/> in the worker (every <c>FlushInterval</c>), so live points buffered while
/// InfluxDB was down reach it once it is back. Registered only when no other part of the worker runs the flusher
/// (the call-log jobs bring their own <c>OutboxFlushService</c>); see <see cref="LiveServiceCollectionExtensions"/>.
/// </summary>
public sealed class LiveOutboxFlushService(OutboxFlusher flusher) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => flusher.RunAsync(stoppingToken);
}
