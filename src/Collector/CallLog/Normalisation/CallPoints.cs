using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// The InfluxDB points of one call, exactly as the schema in docs/normalisation.md:
/// <list type="bullet">
/// <item><c>call</c>: tags <c>pbx</c>, <c>direction</c>, <c>outcome</c>; fields <c>call_id</c> (string), <c>duration_s</c>,
/// <c>talk_s</c>, <c>ring_s</c> (float seconds), <c>answered</c> (0/1), <c>queue_passes</c>, <c>legs</c> (integers);
/// at the call's start, keyed by its call key.</item>
/// <item><c>queue_call</c>, one per passage: tags <c>pbx</c>, <c>queue</c>, <c>queue_name</c>, <c>outcome</c>, <c>agent</c>
/// (answered and known only); fields <c>call_id</c>, <c>wait_s</c>, <c>talk_s</c> (floats), <c>answered</c>,
/// <c>abandoned</c>, <c>short_abandon</c>, <c>sl_eligible</c>, <c>sl_met</c> (0/1 integers, see <see cref="PassageKpi"/>),
/// <c>sl_threshold_s</c> (integer seconds: the T that applied, see <see cref="SlaThresholds"/>); at the queue entry,
/// keyed by the queue row's leg key.</item>
/// <item><c>agent_call</c>, one per agent leg: tags <c>pbx</c>, <c>agent</c>, <c>agent_name</c>, <c>direction</c>; fields
/// <c>call_id</c>, <c>talk_s</c>, <c>ring_s</c> (floats), <c>answered</c> (0/1); at the leg's start, keyed by its leg key.</item>
/// </list>
/// Timestamps come from <see cref="CallTimestamp"/> (the start's millisecond plus a slot from the key) and are made
/// distinct by <see cref="CallTimestamps"/> across all the calls given together: pass every call of one write to
/// <see cref="For(string, IEnumerable{NormalisedCall}, KpiSettings)"/>. The same calls always get the same series and
/// timestamps, so a rewrite overwrites. A missing tag value (no queue name, no agent name) is left out, never written
/// empty. <c>call_id</c> is the call key on every point, so passages and legs join their call.
/// </summary>
internal static class CallPoints
{
    public const string CallMeasurement = "call";
    public const string QueueCallMeasurement = "queue_call";
    public const string AgentCallMeasurement = "agent_call";

    /// <summary>The measurements of call-derived points, all written by the call-log window writer.</summary>
    public static readonly IReadOnlyList<string> Measurements = [CallMeasurement, QueueCallMeasurement, AgentCallMeasurement];

    /// <summary>The schema's points for one call: one <c>call</c>, one <c>queue_call</c> per passage, one <c>agent_call</c> per agent leg.</summary>
    public static IReadOnlyList<PointData> For(string pbx, NormalisedCall call, KpiSettings kpi)
    {
        ArgumentNullException.ThrowIfNull(call);
        return For(pbx, [call], kpi);
    }

    /// <summary>
    /// The points of every call of one write, in the calls' order, stamped so that no two of them share a timestamp in a
    /// measurement (see <see cref="CallTimestamps"/>).
    /// </summary>
    public static IReadOnlyList<PointData> For(string pbx, IEnumerable<NormalisedCall> calls, KpiSettings kpi) =>
        [.. Stamped(pbx, calls, kpi).SelectMany(c => c.Points)];

    /// <summary>
    /// As <see cref="For(string, IEnumerable{NormalisedCall}, KpiSettings)"/>, with each call's points kept together (the
    /// window writer writes all points of the calls that started in its window and only some of the others').
    /// </summary>
    public static IReadOnlyList<StampedCall> Stamped(string pbx, IEnumerable<NormalisedCall> calls, KpiSettings kpi)
    {
        ArgumentException.ThrowIfNullOrEmpty(pbx);
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(kpi);
        var stamps = new CallTimestamps();
        var stamped = new List<StampedCall>();
        foreach (var call in calls)
        {
            ArgumentNullException.ThrowIfNull(call, nameof(calls));
            var points = new List<PointData>(1 + call.Passages.Count + call.AgentLegs.Count)
            {
                stamps.Add(Call(pbx, call), call.Start, call.CallKey),
            };
            foreach (var passage in call.Passages)
                points.Add(stamps.Add(QueueCall(pbx, call.CallKey, passage, kpi), passage.Enter, passage.LegKey));
            foreach (var leg in call.AgentLegs)
                points.Add(stamps.Add(AgentCall(pbx, call.CallKey, leg), leg.Start, leg.LegKey));
            stamped.Add(new StampedCall(call, points));
        }

        stamps.Stamp();
        return stamped;
    }

    static PointData Call(string pbx, NormalisedCall call) =>
        new PointData(CallMeasurement, fieldCapacity: 7)   // tags in key order: each is appended, none inserted
            .Tag("direction", call.Direction)
            .Tag("outcome", call.Outcome)
            .Tag("pbx", pbx)
            .Field("call_id", call.CallKey)
            .Field("duration_s", call.Duration.TotalSeconds)
            .Field("talk_s", call.Talk.TotalSeconds)
            .Field("ring_s", call.Ring.TotalSeconds)
            .Field("answered", Flag(call.Answered))
            .Field("queue_passes", call.Passages.Count)
            .Field("legs", call.Legs);

    static PointData QueueCall(string pbx, string callKey, QueuePassage p, KpiSettings kpi)
    {
        var (shortAbandon, eligible, met) = PassageKpi.Classify(p, kpi);
        var answered = p.Outcome == PassageOutcomes.Answered;
        return new PointData(QueueCallMeasurement, fieldCapacity: 9)
            .Tag("agent", answered ? p.Agent : null)
            .Tag("outcome", p.Outcome)
            .Tag("pbx", pbx)
            .Tag("queue", p.Queue)
            .Tag("queue_name", p.QueueName)
            .Field("call_id", callKey)
            .Field("wait_s", p.Wait.TotalSeconds)
            .Field("talk_s", p.Talk.TotalSeconds)
            .Field("answered", Flag(answered))
            .Field("abandoned", Flag(p.Outcome == PassageOutcomes.Abandoned))
            .Field("short_abandon", Flag(shortAbandon))
            .Field("sl_eligible", Flag(eligible))
            .Field("sl_met", Flag(met))
            .Field("sl_threshold_s", (long)kpi.Thresholds.SecondsFor(p.Queue));
    }

    static PointData AgentCall(string pbx, string callKey, AgentLeg leg) =>
        new PointData(AgentCallMeasurement, fieldCapacity: 4)
            .Tag("agent", leg.Agent)
            .Tag("agent_name", leg.AgentName)
            .Tag("direction", leg.Direction)
            .Tag("pbx", pbx)
            .Field("call_id", callKey)
            .Field("talk_s", leg.Talk.TotalSeconds)
            .Field("ring_s", leg.Ring.TotalSeconds)
            .Field("answered", Flag(leg.Answered));

    static long Flag(bool value) => value ? 1 : 0;
}

/// <summary>One call and its points (<c>call</c> first, then its passages', then its agent legs'), stamped.</summary>
internal sealed record StampedCall(NormalisedCall Call, IReadOnlyList<PointData> Points);
