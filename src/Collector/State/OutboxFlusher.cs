using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging;
using Polly;

namespace Collector.State;

/// <summary>What one <see cref="OutboxFlusher.FlushAsync"/> did; <see cref="Failure"/> is why it stopped early.</summary>
internal sealed record OutboxFlushResult(int RowsFlushed, int LinesWritten, int LinesDropped, InfluxWriteException? Failure)
{
    public bool Drained => Failure is null;
}

/// <summary>
/// Drains the outbox into InfluxDB in id order: claim the oldest rows nobody holds (<see cref="IOutbox.ClaimAsync"/>),
/// write them, and delete exactly those rows only after InfluxDB acknowledged them. It stops at the first failed write,
/// gives those rows back and leaves them (and all later ones) in place, so nothing is lost; the next flush tries again.
/// Flushers of several instances on one state database drain it side by side: each sends only the rows it claimed. Lines that
/// InfluxDB rejects as malformed are dropped by the writer (logged, counted) and their rows deleted.
/// <para>
/// The flusher owns the back-off of this path: each write is sent once (<see cref="IInfluxWriter.WriteWithoutRetryAsync"/>),
/// and <see cref="RunAsync"/> waits <c>FlushInterval</c> after a flush that drained the outbox (and, idle, until something
/// is enqueued or <c>OutboxPollInterval</c> has passed) but, after a failed one,
/// the <see cref="WriteBackoff"/> (Polly's exponential back-off from <c>RetryDelay</c> with jitter, InfluxDB's
/// <c>Retry-After</c> when it sent one, never longer than <c>MaxRetryDelay</c>), growing with each failure in a row and
/// back to <c>FlushInterval</c> after the first success.
/// </para>
/// </summary>
internal sealed class OutboxFlusher
{
    /// <summary>Most rows read per round.</summary>
    public const int MaxRowsPerRound = 1000;

    /// <summary>Most payload bytes read per round (one larger row is still read alone).</summary>
    public const long MaxBytesPerRound = 8 * 1024 * 1024;

    readonly IOutbox _outbox;
    readonly IInfluxWriter _writer;
    readonly InfluxOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    long _droppedReported;
    readonly ResiliencePipeline<OutboxFlushResult> _untilFlushed;
    readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public OutboxFlusher(IOutbox outbox, IInfluxWriter writer, InfluxOptions options, TimeProvider time, ILogger<OutboxFlusher> logger)
        : this(outbox, writer, options, time, logger, Random.Shared.NextDouble)
    {
    }

    /// <param name="random">Source of the back-off's jitter in [0, 1); null turns it off, so tests can assert exact waits.</param>
    internal OutboxFlusher(IOutbox outbox, IInfluxWriter writer, InfluxOptions options, TimeProvider time, ILogger<OutboxFlusher> logger, Func<double>? random)
    {
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _untilFlushed = CreateBackoffPipeline(random);
    }

    /// <summary>
    /// Writes everything in the outbox, oldest first, until it is empty or a write fails. Each write is sent once: a
    /// failure ends the flush (its <see cref="OutboxFlushResult.Failure"/> carries InfluxDB's <c>Retry-After</c>) and
    /// the caller decides when to try again.
    /// </summary>
    public async Task<OutboxFlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            // Whatever is enqueued from here on sets the signal again; what was enqueued before, this flush sends.
            _outbox.Enqueued.Reset();
            ReportEvictions();
            int rows = 0, written = 0, dropped = 0;
            while (true)
            {
                var entries = await _outbox.ClaimAsync(MaxRowsPerRound, MaxBytesPerRound, cancellationToken);
                if (entries.Count == 0)
                    return new OutboxFlushResult(rows, written, dropped, null);

                var ids = entries.Select(e => e.Id).ToList();
                InfluxWriteResult result;
                try
                {
                    result = await _writer.WriteWithoutRetryAsync(LineBatch.Parse(entries.Select(e => e.Payload)), cancellationToken);
                }
                catch (InfluxWriteException error)
                {
                    await ReleaseAsync(ids);
                    _logger.LogWarning("Outbox flush stopped at row {Id}; the rows stay for the next flush: {Reason}", entries[0].Id, error.Message);
                    return new OutboxFlushResult(rows, written, dropped, error);
                }
                catch
                {
                    await ReleaseAsync(ids);   // stopping (or an unexpected failure): the rows stay, free for the next flush
                    throw;
                }

                // InfluxDB has them: delete them even if cancellation arrives just now (else they would be sent again).
                await _outbox.DeleteClaimedAsync(ids, CancellationToken.None);
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

    /// <summary>
    /// Gives back the claim on rows that were not written, so the next flush takes them at once; if that fails too, the
    /// claim's lease (<c>State:OutboxClaimLease</c>) frees them later.
    /// </summary>
    async Task ReleaseAsync(IReadOnlyCollection<long> ids)
    {
        try
        {
            await _outbox.ReleaseAsync(ids, CancellationToken.None);
        }
        catch (Exception error) when (error is StateUnavailableException or InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            _logger.LogDebug("The outbox rows not written stay claimed until their lease passes: {Reason}", error.Message);
        }
    }

    /// <summary>
    /// Rows the outbox dropped to stay within its cap since the last flush: one warning with the count per flush (a flush is
    /// attempted every FlushInterval, or every back-off while InfluxDB is down), never one per row.
    /// </summary>
    void ReportEvictions()
    {
        var total = _outbox.DroppedRows;
        var since = total - _droppedReported;
        if (since <= 0) return;
        _droppedReported = total;
        _logger.LogWarning(
            "Outbox over its cap (State:OutboxMaxRows): dropped the {Dropped} oldest live/collector rows since the last flush ({Total} since start); call-log rows are never dropped",
            since, total);
    }

    /// <summary>
    /// Flushes now, and after each flush that drained the outbox waits <c>FlushInterval</c> and then until this instance
    /// enqueues a row (<see cref="IOutbox.Enqueued"/>) or <c>OutboxPollInterval</c> has passed since the flush, whichever
    /// comes first: an idle worker does not query the state database every second. After a failed flush (InfluxDB down, or
    /// the outbox itself failing) the next one waits the back-off instead, longer with each failure in a row. Failures are
    /// logged, never thrown, and cancellation ends it quietly.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _untilFlushed.ExecuteAsync(async token => await FlushAsync(token), cancellationToken);
                await Task.Delay(_options.FlushInterval, _time, cancellationToken);
                // Idle: sleep until this instance buffers something, looking at the outbox only every OutboxPollInterval.
                await _outbox.Enqueued.WaitAsync(_options.OutboxPollInterval - _options.FlushInterval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a flush cut short leaves its rows in the outbox; the caller's final flush or the next
            // start sends them. Ending quietly here is what lets that final flush run.
        }
    }

    // Flushes again after each failed flush, without limit, waiting the back-off; returns after the first that drains.
    ResiliencePipeline<OutboxFlushResult> CreateBackoffPipeline(Func<double>? random)
    {
        var retry = WriteBackoff.Options<OutboxFlushResult>(_options, random, outcome => outcome.Result?.Failure?.RetryAfter);
        retry.MaxRetryAttempts = int.MaxValue;
        retry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
        {
            null => args.Outcome.Result?.Failure is not null,
            OperationCanceledException => !args.Context.CancellationToken.IsCancellationRequested,
            _ => true,
        });
        retry.OnRetry = args =>
        {
            if (args.Outcome.Exception is StateUnavailableException state)
                _logger.LogWarning("Outbox flush failed: the state database is {Fault} (see the state error); the next attempt is in {Delay} ({Failures} failed in a row)", state.Kind, args.RetryDelay, args.AttemptNumber + 1);
            else if (args.Outcome.Exception is { } error)
                _logger.LogError(error, "Outbox flush failed; the next attempt is in {Delay} ({Failures} failed in a row)", args.RetryDelay, args.AttemptNumber + 1);
            else
                _logger.LogDebug("The next outbox flush is in {Delay} ({Failures} failed in a row)", args.RetryDelay, args.AttemptNumber + 1);
            return ValueTask.CompletedTask;
        };
        return new ResiliencePipelineBuilder<OutboxFlushResult> { TimeProvider = _time }.AddRetry(retry).Build();
    }
}
