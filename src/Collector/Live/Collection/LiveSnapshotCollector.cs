using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Live.Derivation;
using Collector.Live.Points;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;

namespace Collector.Live.Collection;

/// <summary>
/// What one run did: its report (the <c>collector</c> point), what it read and derived when it succeeded, and where the
/// points went (null when not even the outbox took them).
/// </summary>
internal sealed record LiveRunResult(LiveRunReport Report, LiveInputs? Inputs, LiveSnapshot? Snapshot, LiveDelivery? Delivery)
{
    public bool Succeeded => Report.Error is null;
}

/// <summary>
/// One PBX's live snapshots: read (<see cref="LiveSources"/>), derive (<see cref="LiveDerivation"/>), encode
/// (<see cref="LivePoints"/>) and deliver (<see cref="LivePointSink"/>) the <c>queue_live</c>, <c>agent_live</c> and
/// <c>pbx_live</c> points, plus one <c>collector</c> point per run, ok or error. A failing PBX never throws out of
/// <see cref="RunAsync"/>: the run is recorded as an error, logged once (<see cref="LiveRunLog"/>), and the next run
/// simply tries again. Keeps the PBX's caches, clock offset and the previous snapshot's instant (<see cref="ObservedTime"/>)
/// between runs; one run at a time.
/// </summary>
internal sealed class LiveSnapshotCollector
{
    readonly LiveSources _sources;
    readonly LivePointSink _sink;
    readonly LiveRunLog _log;
    readonly ObservedTime _observed;
    readonly TimeProvider _time;
    readonly ILogger _logger;

    public LiveSnapshotCollector(string pbx, IXapiClient client, LivePointSink sink, LiveOptions options, TimeSpan interval,
        TimeProvider time, ILogger<LiveSnapshotCollector> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        Pbx = pbx;
        _sources = new LiveSources(client, options, time);
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _log = new LiveRunLog(pbx, interval, logger);
        _observed = new ObservedTime(interval);
    }

    public string Pbx { get; }

    /// <summary>Takes one snapshot and delivers it. Throws only <see cref="OperationCanceledException"/> for <paramref name="cancellationToken"/>.</summary>
    public async Task<LiveRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow();
        var started = _time.GetTimestamp();
        var report = new LiveRunReport { Pbx = Pbx, StartedAt = startedAt, Duration = TimeSpan.Zero };
        LiveInputs? inputs = null;
        LiveSnapshot? snapshot = null;
        IReadOnlyList<PointData> points = [];
        try
        {
            var reading = await _sources.ReadAsync(cancellationToken);
            inputs = reading.Inputs;
            snapshot = LiveDerivation.Derive(inputs);
            points = LivePoints.From(Pbx, snapshot, _observed.Next(snapshot.At));
            report = report with { Requests = reading.Requests, Points = points.Count, Waiting = snapshot.Pbx.CallsWaiting };
            _log.Succeeded(startedAt);
        }
        catch (XapiException error)
        {
            report = report with { Error = error.Kind.ToString(), Status = error.StatusCode };
            _log.Failed(error, startedAt);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            report = report with { Error = "Internal" };
            _log.Crashed(error, startedAt);
        }
        report = report with { Duration = _time.GetElapsedTime(started) };

        try
        {
            // The sink writes the run point with where the points went (direct, or buffered and what the cap dropped).
            var delivery = await _sink.DeliverAsync(Pbx, points, report, cancellationToken);
            return new LiveRunResult(delivery.Apply(report), inputs, snapshot, delivery);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LiveCollectorLog.NotStored(_logger, error, Pbx, points.Count);
            return new LiveRunResult(report, inputs, snapshot, null);
        }
    }
}

static partial class LiveCollectorLog
{
    [LoggerMessage(Level = LogLevel.Error,
        Message = "Could not store the {Points} live points of PBX {Pbx} in InfluxDB nor in the outbox; this snapshot is lost")]
    public static partial void NotStored(ILogger logger, Exception exception, string pbx, int points);
}
