using System.Buffers;
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
        ArgumentNullException.ThrowIfNull(kpi);
        var stamped = Stamp(calls);
        var result = new List<StampedCall>(stamped.Calls.Count);
        for (var c = 0; c < stamped.Calls.Count; c++)
        {
            var (first, count) = stamped.RangeOf(c);
            var points = new List<PointData>(count);
            for (var i = first; i < first + count; i++)
                points.Add(stamped.Points[i].ToPointData(pbx, kpi));
            result.Add(new StampedCall(stamped.Calls[c], points));
        }

        return result;
    }

    /// <summary>
    /// The points of every call of one write as compact <see cref="CallPoint"/>s, in the calls' order (each call's
    /// <c>call</c> point, then its passages', then its agent legs'), stamped so that no two of them share a timestamp in a
    /// measurement (see <see cref="CallTimestamps"/>). They are encoded with <see cref="CallPoint.WriteLine"/> (the same
    /// line as <see cref="CallPoint.ToPointData"/> gives) without building a <see cref="PointData"/> each.
    /// </summary>
    public static StampedCalls Stamp(IEnumerable<NormalisedCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls as IReadOnlyList<NormalisedCall> ?? [.. calls];
        var stamps = new CallTimestamps();
        var starts = new int[list.Count + 1];
        var count = 0;
        for (var c = 0; c < list.Count; c++)
        {
            var call = list[c] ?? throw new ArgumentNullException(nameof(calls));
            starts[c] = count;
            count += 1 + call.Passages.Count + call.AgentLegs.Count;
        }
        starts[list.Count] = count;

        var points = new CallPoint[count];   // stamps.Add gives each point the index it has here
        foreach (var call in list)
        {
            points[stamps.Add(CallMeasurement, call.Start, call.CallKey)] = new CallPoint(call, CallPointKind.Call, 0, 0);
            for (var i = 0; i < call.Passages.Count; i++)
                points[stamps.Add(QueueCallMeasurement, call.Passages[i].Enter, call.Passages[i].LegKey)] = new CallPoint(call, CallPointKind.QueueCall, i, 0);
            for (var i = 0; i < call.AgentLegs.Count; i++)
                points[stamps.Add(AgentCallMeasurement, call.AgentLegs[i].Start, call.AgentLegs[i].LegKey)] = new CallPoint(call, CallPointKind.AgentCall, i, 0);
        }

        stamps.Stamp();
        for (var i = 0; i < points.Length; i++)
            points[i] = points[i] with { TimestampNs = stamps[i] };
        return new StampedCalls(list, points, starts);
    }

    internal static PointData Call(string pbx, NormalisedCall call) =>
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

    internal static PointData QueueCall(string pbx, string callKey, QueuePassage p, KpiSettings kpi)
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

    internal static PointData AgentCall(string pbx, string callKey, AgentLeg leg) =>
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

/// <summary>Which of a call's points a <see cref="CallPoint"/> is.</summary>
internal enum CallPointKind : byte
{
    /// <summary>The <c>call</c> point.</summary>
    Call,

    /// <summary>A <c>queue_call</c> point: <see cref="CallPoint.Index"/> is the passage's.</summary>
    QueueCall,

    /// <summary>An <c>agent_call</c> point: <see cref="CallPoint.Index"/> is the agent leg's.</summary>
    AgentCall,
}

/// <summary>
/// One stamped point of a call (<see cref="CallPoints.Stamp"/>), without its tags and fields built: its line is written
/// straight from the call (<see cref="WriteLine"/>), or its <see cref="PointData"/> made when one is needed
/// (<see cref="ToPointData"/>: a point identity, a test).
/// </summary>
internal readonly record struct CallPoint(NormalisedCall Call, CallPointKind Kind, int Index, long TimestampNs)
{
    public string Measurement => Kind switch
    {
        CallPointKind.Call => CallPoints.CallMeasurement,
        CallPointKind.QueueCall => CallPoints.QueueCallMeasurement,
        _ => CallPoints.AgentCallMeasurement,
    };

    /// <summary>The point as <see cref="CallPoints"/> defines it, with its timestamp.</summary>
    public PointData ToPointData(string pbx, KpiSettings kpi) => (Kind switch
    {
        CallPointKind.Call => CallPoints.Call(pbx, Call),
        CallPointKind.QueueCall => CallPoints.QueueCall(pbx, Call.CallKey, Call.Passages[Index], kpi),
        _ => CallPoints.AgentCall(pbx, Call.CallKey, Call.AgentLegs[Index]),
    }).Timestamp(TimestampNs);

    /// <summary>
    /// Writes the point's line, ending with <c>\n</c>, exactly as <see cref="LineProtocolEncoder"/> writes
    /// <see cref="ToPointData"/> (the same tags in the same order, a missing one left out, values cut and escaped alike);
    /// returns how many characters were replaced.
    /// </summary>
    public int WriteLine(string pbx, KpiSettings kpi, IBufferWriter<byte> output) => Kind switch
    {
        CallPointKind.Call => CallLines.Call(pbx, Call, TimestampNs, output),
        CallPointKind.QueueCall => CallLines.QueueCall(pbx, Call.CallKey, Call.Passages[Index], kpi, TimestampNs, output),
        _ => CallLines.AgentCall(pbx, Call.CallKey, Call.AgentLegs[Index], TimestampNs, output),
    };
}

/// <summary>The stamped points of the calls of one write (<see cref="CallPoints.Stamp"/>), each call's together.</summary>
internal sealed class StampedCalls(IReadOnlyList<NormalisedCall> calls, CallPoint[] points, int[] starts)
{
    public IReadOnlyList<NormalisedCall> Calls { get; } = calls;

    /// <summary>Every call's points, in the calls' order.</summary>
    public CallPoint[] Points { get; } = points;

    /// <summary>Where the points of <see cref="Calls"/>[<paramref name="call"/>] lie in <see cref="Points"/>.</summary>
    public (int First, int Count) RangeOf(int call) => (starts[call], starts[call + 1] - starts[call]);
}

/// <summary>One call and its points (<c>call</c> first, then its passages', then its agent legs'), stamped.</summary>
internal sealed record StampedCall(NormalisedCall Call, IReadOnlyList<PointData> Points);
