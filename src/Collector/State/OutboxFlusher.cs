using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging;

namespace Collector.State;

/// <summary>What one <see cref="OutboxFlusher.FlushAsync"/> did; <see cref="Failure"/> is why it stopped early.</summary>
internal sealed record OutboxFlushResult(int RowsFlushed, int LinesWritten, int LinesDropped, InfluxWriteException? Failure)
{
    public bool Drained => Failure is null;
}

/// <summary>
/// Drains the outbox into InfluxDB in id order: peek the oldest rows, write them, and delete them only
/// after InfluxDB acknowledged them. It stops at the first failed write and leaves those rows (and all
/// later ones) in place, so order is kept and nothing is lost; the next flush tries again. Lines that
/// InfluxDB rejects as malformed are dropped by the writer (logged, counted) and their rows deleted.
/// </summary>
internal sealed class OutboxFlusher(IOutbox outbox, IInfluxWriter writer, InfluxOptions options, TimeProvider time, ILogger<OutboxFlusher> logger)
{
    /// <summary>Most rows read per round.</summary>
    public const int MaxRowsPerRound = 1000;

    /// <summary>Most payload bytes read per round (one larger row is still read alone).</summary>
    public const long MaxBytesPerRound = 8 * 1024 * 1024;

    readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Writes everything in the outbox, oldest first, until it is empty or a write fails.</summary>
    public async Task<OutboxFlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            int rows = 0, written = 0, dropped = 0;
            while (true)
            {
                var entries = await outbox.PeekAsync(MaxRowsPerRound, MaxBytesPerRound, cancellationToken);
                if (entries.Count == 0)
                    return new OutboxFlushResult(rows, written, dropped, null);

                InfluxWriteResult result;
                try
                {
                    result = await writer.WriteAsync(LineBatch.Parse(entries.Select(e => e.Payload)), cancellationToken);
                }
                catch (InfluxWriteException error)
                {
                    logger.LogWarning("Outbox flush stopped at row {Id}; the rows stay for the next flush: {Reason}", entries[0].Id, error.Message);
                    return new OutboxFlushResult(rows, written, dropped, error);
                }

                await outbox.DequeueAsync(entries[^1].Id, cancellationToken);
                rows += entries.Count;
                written += result.LinesWritten;
                dropped += result.LinesDropped;
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Flushes now and then every <c>FlushInterval</c> until cancelled; failures are logged, never thrown, and cancellation ends it quietly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.FlushInterval, time);
        do
        {
            try
            {
                await FlushAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a flush cut short leaves its rows in the outbox; the caller's final flush or the next
                // start sends them. Ending quietly here is what lets that final flush run.
                return;
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogError(error, "Outbox flush failed; retrying in {Interval}", options.FlushInterval);
            }
        }
        while (await WaitAsync(timer, cancellationToken));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
