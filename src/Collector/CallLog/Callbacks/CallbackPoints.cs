using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Callbacks;

/// <summary>
/// The <c>callback</c> measurement: one point per abandoned queue passage whose caller has a number, at the hang-up
/// (<see cref="AbandonedCaller.TimestampNs"/>); tags <c>pbx</c>, <c>queue</c>; fields <c>number</c>, <c>queue_name</c>,
/// <c>call_id</c> (strings), <c>wait_s</c> (float), <c>reached</c> (0/1), and once reached <c>reached_at</c> (integer
/// milliseconds since the Unix epoch), <c>reached_call_id</c>, <c>reached_by</c> (<c>outbound</c>/<c>inbound</c>).
/// Rewritten (same series and timestamp) when a later call reaches the caller.
/// </summary>
internal static class CallbackPoints
{
    public const string Measurement = "callback";

    public static PointData For(string pbx, AbandonedCaller caller)
    {
        var point = new PointData(Measurement)
            .Tag("pbx", pbx)
            .Tag("queue", caller.Queue)
            .Field("number", caller.Number)
            .Field("call_id", caller.CallKey)
            .Field("wait_s", caller.Wait.TotalSeconds)
            .Field("reached", caller.Reached ? 1L : 0L);
        if (caller.QueueName is { Length: > 0 } name)
            point.Field("queue_name", name);
        if (caller.ReachedAt is { } at)
            point.Field("reached_at", at.ToUnixTimeMilliseconds());
        if (caller.ReachedCallKey is { } key)
            point.Field("reached_call_id", key);
        if (caller.ReachedBy is { } by)
            point.Field("reached_by", by);
        return point.Timestamp(caller.TimestampNs);
    }
}
