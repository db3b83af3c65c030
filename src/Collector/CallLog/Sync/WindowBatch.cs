using Collector.CallLog.Callbacks;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;

namespace Collector.CallLog.Sync;

/// <summary>
/// A batch of consecutive backfill windows [From, To) (<see cref="CallLogWindowWriter.ReadBatchAsync"/>), which share
/// their round trips to InfluxDB:
/// <list type="bullet">
/// <item>what InfluxDB stores around them is read once for the batch, not once per window: the call points of the span
/// (<see cref="Points"/>, for the stale-point check) and the <c>callback</c> points from a day before it to a while after
/// it (<see cref="Callbacks"/>); each is null when not read (no reader, InfluxDB 2.x/3, the callback list off), and a
/// window outside a part's span reads InfluxDB itself;</item>
/// <item>with <see cref="Deferred"/> the windows' points are collected and written together (<see cref="FlushAsync"/>)
/// once <see cref="FlushAt"/> points are pending, before a stale span is deleted and whenever the backfill needs them
/// stored (a rollup, a checkpoint, the batch's end); <see cref="DurableThrough"/> is the end of the last window InfluxDB
/// acknowledged, the only one a checkpoint may name.</item>
/// </list>
/// Memory: the stored points and callbacks of the span (none on a first backfill) and at most about
/// <see cref="FlushAt"/> pending points, kept encoded.
/// </summary>
internal sealed class WindowBatch(DateTimeOffset from, DateTimeOffset to, StoredPointSpan? points, StoredCallbackSpan? callbacks, bool deferred, int flushAt)
{
    /// <summary>Pending points are written once there are this many.</summary>
    public int FlushAt { get; } = flushAt;

    readonly LineBatch.Builder _pending = new();   // encoded at once into one pooled buffer: a few hundred bytes a point, written without another copy
    DateTimeOffset? _pendingThrough;

    public DateTimeOffset From { get; } = from;

    public DateTimeOffset To { get; } = to;

    public StoredPointSpan? Points { get; } = points;

    public StoredCallbackSpan? Callbacks { get; } = callbacks;

    /// <summary>Whether the windows' points are collected and written together rather than each window's at once.</summary>
    public bool Deferred { get; } = deferred;

    /// <summary>The end of the last window whose points InfluxDB acknowledged (null: none yet).</summary>
    public DateTimeOffset? DurableThrough { get; private set; }

    /// <summary>Points InfluxDB rejected as malformed in this batch's writes so far (logged by the writer).</summary>
    public int LinesDropped { get; private set; }

    /// <summary>Points waiting to be written.</summary>
    public int PendingPoints => _pending.Count;

    /// <summary>Whether the batch was read for the windows of [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public bool Covers(DateTimeOffset from, DateTimeOffset to) => from >= From && to <= To;

    /// <summary>Where a deferred window encodes the lines to write later (then <see cref="Defer"/>).</summary>
    public LineBatch.Builder Pending => _pending;

    /// <summary>Marks a window whose lines were encoded into <see cref="Pending"/> as to be written later.</summary>
    public void Defer(CallWindow window)
    {
        _pendingThrough = window.End;
        if (PendingPoints == 0)
            DurableThrough = window.End;   // nothing to write: as durable as the windows before it
    }

    /// <summary>Writes the pending points; returns only when InfluxDB acknowledged them (a failure throws, nothing is durable then).</summary>
    public async Task FlushAsync(IInfluxWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (PendingPoints > 0)
        {
            // The lines are lent, not copied: InfluxDB has read all of them once the write returns, so the buffer is given back then.
            var result = await writer.WriteAsync(_pending.View(), cancellationToken);
            LinesDropped += result.LinesDropped;
            _pending.Clear();
        }
        if (_pendingThrough is { } end)
            DurableThrough = end;
    }
}
