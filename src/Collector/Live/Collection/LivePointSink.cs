using System.Collections.Concurrent;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.Live.Points;
using Collector.State;
using Microsoft.Extensions.Logging;

namespace Collector.Live.Collection;

/// <summary>
/// Where a snapshot's points went: straight to InfluxDB, or into the outbox (and what the cap dropped), and how many
/// rows the outbox holds after this run (<see cref="OutboxDepth"/>, 0 when the points went straight through).
/// </summary>
internal sealed record LiveDelivery(bool Direct, int Buffered, long Dropped, long DroppedTotal, long OutboxDepth = 0)
{
    /// <summary>The run's report with where its points went.</summary>
    public LiveRunReport Apply(LiveRunReport report) => report with
    {
        Buffered = Buffered, Dropped = Dropped, DroppedTotal = DroppedTotal, OutboxDepth = OutboxDepth,
    };
}

/// <summary>
/// Delivers a snapshot's points. Live points cannot be read from the PBX again, so none may be lost to an InfluxDB
/// outage: when the outbox is empty they are written straight to InfluxDB, once, without retry (within
/// <see cref="LiveOptions.DirectWriteTimeout"/>: the outbox, not a wait, is the answer to a failure, and its flusher
/// owns the back-off); when that fails, or the outbox still holds points of this PBX (InfluxDB was down, the flusher is catching up), they are appended to
/// the outbox as one <c>live</c> row, and the run's <c>collector</c> point as one <c>collector</c> row. The
/// <see cref="OutboxFlusher"/> sends them later with their original timestamps. The outbox is capped: past the cap its
/// oldest live and collector rows are dropped and counted, never call-log rows.
/// </summary>
internal sealed partial class LivePointSink(IInfluxWriter writer, IOutbox outbox, LiveOptions options, TimeProvider time, ILogger<LivePointSink> logger)
{
    /// <summary>How long the outbox's answer "no points of this PBX" is trusted before it is asked again.</summary>
    public static readonly TimeSpan BacklogRecheck = TimeSpan.FromMinutes(1);

    int _buffering; // 1 after a failed direct write, until one succeeds again (only to log each change once)

    // Per PBX: when the outbox last answered that it holds no points of it. Absent (at start, after this instance
    // buffered, after the outbox failed) means "ask the outbox"; so a snapshot costs no query while nothing is buffered.
    readonly ConcurrentDictionary<string, DateTimeOffset> _noBacklogSince = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes <paramref name="points"/> and the run's <c>collector</c> point (<paramref name="report"/> with where the
    /// points went) and returns where they went. Throws only when the outbox itself fails (or <paramref name="cancellationToken"/> is
    /// cancelled before anything was tried).
    /// </summary>
    public async Task<LiveDelivery> DeliverAsync(
        string pbx, IReadOnlyList<PointData> points, LiveRunReport report, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(report);
        // Per PBX: rows of other PBXs (sent by any instance's flusher) do not hold this PBX's points back.
        if (await HasBacklogAsync(pbx, cancellationToken))
            return await BufferAsync(pbx, points, report);

        var direct = new LiveDelivery(true, 0, 0, outbox.DroppedRows, OutboxDepth: 0);
        var batch = LineBatch.From(points.Append(LiveRunPoint.From(direct.Apply(report))));
        using var timeout = new CancellationTokenSource(options.DirectWriteTimeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await writer.WriteWithoutRetryAsync(batch, deadline.Token);
            if (Interlocked.Exchange(ref _buffering, 0) == 1)
                LogDirectAgain(logger, pbx);
            return direct;
        }
        catch (InfluxWriteException error)
        {
            NoteBuffering(pbx, error.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            NoteBuffering(pbx, $"no answer within {options.DirectWriteTimeout.TotalSeconds:0.###} s");
        }
        // A write that timed out may have landed after all: the outbox sends the same points again, which
        // overwrites them (same series and timestamp) and adds nothing.
        return await BufferAsync(pbx, points, report);
    }

    /// <summary>
    /// Whether the outbox holds points of <paramref name="pbx"/> (<c>live</c> or <c>calllog</c> rows): only they hold a
    /// snapshot back (the PBX's <c>collector</c> run points waiting there do not). Answered from memory while the outbox said "none" less than
    /// <see cref="BacklogRecheck"/> ago and this instance buffered nothing of the PBX since; else asked. The re-check
    /// bounds how long a backlog another instance left on a shared state database (the job moved) goes unseen.
    /// </summary>
    async Task<bool> HasBacklogAsync(string pbx, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_noBacklogSince.TryGetValue(pbx, out var since) && now - since < BacklogRecheck)
            return false;
        _noBacklogSince.TryRemove(pbx, out _);
        if (await outbox.CountPointRowsAsync(pbx, cancellationToken) > 0)
            return true;
        _noBacklogSince[pbx] = now;
        return false;
    }

    async Task<LiveDelivery> BufferAsync(string pbx, IReadOnlyList<PointData> points, LiveRunReport report)
    {
        // From now on the outbox is asked again until it has sent this PBX's points.
        _noBacklogSince.TryRemove(pbx, out _);
        // Not cancellable: once read, the points are kept even while the worker stops.
        var before = outbox.DroppedRows;
        if (points.Count > 0)
            await outbox.EnqueueAsync(pbx, OutboxKind.Live, LineProtocolEncoder.ToText(points), CancellationToken.None);
        var droppedTotal = outbox.DroppedRows;
        // The depth once this run's live points are in (its own run point, added next, is not counted).
        var depth = await outbox.CountAsync(CancellationToken.None);
        var delivery = new LiveDelivery(false, points.Count, droppedTotal - before, droppedTotal, depth);
        await outbox.EnqueueAsync(pbx, OutboxKind.Collector, LineProtocolEncoder.ToLine(LiveRunPoint.From(delivery.Apply(report))), CancellationToken.None);
        return delivery;
    }

    void NoteBuffering(string pbx, string reason)
    {
        if (Interlocked.Exchange(ref _buffering, 1) == 0)
            LogBuffering(logger, pbx, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "InfluxDB did not take the live points of PBX {Pbx} ({Reason}); live points go to the outbox and are sent with their original timestamps once InfluxDB is back")]
    static partial void LogBuffering(ILogger logger, string pbx, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Live points of PBX {Pbx} go straight to InfluxDB again")]
    static partial void LogDirectAgain(ILogger logger, string pbx);
}
