using Collector.Influx.LineProtocol;

namespace Collector.Live.Points;

/// <summary>What one live snapshot run did, for its <c>collector</c> point.</summary>
internal sealed record LiveRunReport
{
    public required string Pbx { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    /// <summary>Reading the PBX and deriving the snapshot (not the write).</summary>
    public required TimeSpan Duration { get; init; }
    /// <summary>XAPI requests this run made (cached entities make it fewer).</summary>
    public int Requests { get; init; }
    /// <summary>Live points the run produced (0 when it failed).</summary>
    public int Points { get; init; }
    /// <summary>Points that went to the outbox rather than straight to InfluxDB.</summary>
    public int Buffered { get; init; }
    /// <summary>Outbox rows dropped (to stay within its cap) while this run added its own.</summary>
    public long Dropped { get; init; }
    /// <summary>Outbox rows dropped since the collector started.</summary>
    public long DroppedTotal { get; init; }
    /// <summary>Rows waiting in the outbox (the durable buffer) once this run's live points were added: the buffer depth (0 when they went straight to InfluxDB).</summary>
    public long OutboxDepth { get; init; }
    /// <summary>Calls waiting in all queues (a quick health signal next to the run).</summary>
    public int Waiting { get; init; }
    /// <summary>Why the run failed (an <c>XapiFailureKind</c> name, or <c>Internal</c>); null when it succeeded.</summary>
    public string? Error { get; init; }
    /// <summary>The HTTP status of the failure, when the PBX answered.</summary>
    public int? Status { get; init; }
}

/// <summary>
/// The <c>collector</c> point of a live snapshot run: tags <c>pbx</c>, <c>job</c>=<c>live_snapshot</c>,
/// <c>result</c> (<c>ok</c> or <c>error</c>); integer fields <c>duration_ms</c>, <c>requests</c>, <c>points</c>,
/// <c>buffered</c>, <c>dropped</c>, <c>dropped_total</c>, <c>outbox_depth</c>, <c>waiting</c>, and on error the string <c>error</c> and
/// integer <c>status</c>. Timestamped at the run's start on the collector's clock.
/// </summary>
internal static class LiveRunPoint
{
    public const string Measurement = "collector";
    public const string Job = "live_snapshot";

    public static PointData From(LiveRunReport run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var point = new PointData(Measurement)
            .Tag("pbx", run.Pbx)
            .Tag("job", Job)
            .Tag("result", run.Error is null ? "ok" : "error")
            .Field("duration_ms", (long)Math.Round(run.Duration.TotalMilliseconds))
            .Field("requests", run.Requests)
            .Field("points", run.Points)
            .Field("buffered", run.Buffered)
            .Field("dropped", run.Dropped)
            .Field("dropped_total", run.DroppedTotal)
            .Field("outbox_depth", run.OutboxDepth)
            .Field("waiting", run.Waiting)
            .Timestamp(UnixTime.Nanoseconds(run.StartedAt));
        if (run.Error is not null)
            point.Field("error", run.Error);
        if (run.Status is { } status)
            point.Field("status", status);
        return point;
    }
}
