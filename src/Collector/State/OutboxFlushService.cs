using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Collector.State;

/// <summary>
/// Runs the <see cref="OutboxFlusher"/> in the worker: it sends what waits in the outbox (collector run points, and
/// anything InfluxDB could not take yet) as soon as it is put in (at most every <c>FlushInterval</c>) while InfluxDB
/// takes writes, looks at an idle outbox every <c>OutboxPollInterval</c>, backs off while InfluxDB fails
/// (<see cref="OutboxFlusher.RunAsync"/>), and flushes once more when the worker stops.
/// </summary>
internal sealed partial class OutboxFlushService(OutboxFlusher flusher, ILogger<OutboxFlushService> logger) : BackgroundService
{
    /// <summary>How long the last flush at shutdown may take.</summary>
    public static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await flusher.RunAsync(stoppingToken);
        using var last = new CancellationTokenSource(FinalFlushTimeout);
        try
        {
            await flusher.FlushAsync(last.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException or StateUnavailableException)
        {
            LogFinalFlushFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last outbox flush at shutdown did not finish ({Reason}); the rows stay for the next start")]
    static partial void LogFinalFlushFailed(ILogger logger, string reason);
}
