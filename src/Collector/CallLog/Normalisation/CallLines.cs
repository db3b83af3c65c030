using System.Buffers;
using Collector.Influx.LineProtocol;
using Collector.Security;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// The lines of <see cref="CallPoints"/>' three measurements written straight from a call, its passages and agent legs,
/// with no <see cref="PointData"/> built: what a backfill does a million times. Each line is byte for byte what
/// <see cref="LineProtocolEncoder"/> writes for the point <see cref="CallPoints"/> builds (tags in key order, a null or
/// empty one left out, tag values cut to <see cref="OutsideText.MaxTagLength"/>, every value escaped by
/// <see cref="LineProtocolEscaper"/>, the same number forms): <c>CallLinesTests</c> holds the two to each other. The keys
/// and measurement names are constants, written as they are (none needs escaping). Each method returns how many
/// characters were replaced.
/// </summary>
internal static class CallLines
{
    // Room for a line: its texts at their largest once escaped or replaced, its numbers at their longest, and the constants.
    const int ConstantBytes = 256;

    public static int Call(string pbx, NormalisedCall call, long timestamp, IBufferWriter<byte> output)
    {
        var direction = Tag(call.Direction);
        var outcome = Tag(call.Outcome);
        var tagPbx = Tag(pbx);
        var line = new LineWriter(output.GetSpan(Room(direction, outcome, tagPbx, call.CallKey, null, 7)));
        line.Ascii("call"u8);
        var replaced = TagValue(ref line, ",direction="u8, direction)
                       + TagValue(ref line, ",outcome="u8, outcome)
                       + TagValue(ref line, ",pbx="u8, tagPbx)
                       + StringField(ref line, " call_id=\""u8, call.CallKey);
        FloatField(ref line, ",duration_s="u8, call.Duration.TotalSeconds);
        FloatField(ref line, ",talk_s="u8, call.Talk.TotalSeconds);
        FloatField(ref line, ",ring_s="u8, call.Ring.TotalSeconds);
        IntegerField(ref line, ",answered="u8, call.Answered ? 1 : 0);
        IntegerField(ref line, ",queue_passes="u8, call.Passages.Count);
        IntegerField(ref line, ",legs="u8, call.Legs);
        End(ref line, timestamp, output);
        return replaced;
    }

    public static int QueueCall(string pbx, string callKey, QueuePassage p, KpiSettings kpi, long timestamp, IBufferWriter<byte> output)
    {
        var (shortAbandon, eligible, met) = PassageKpi.Classify(p, kpi);
        var answered = p.Outcome == PassageOutcomes.Answered;
        var agent = Tag(answered ? p.Agent : null);
        var outcome = Tag(p.Outcome);
        var tagPbx = Tag(pbx);
        var queue = Tag(p.Queue);
        var queueName = Tag(p.QueueName);
        var line = new LineWriter(output.GetSpan(Room(agent, outcome, tagPbx, callKey, queue, 9) + (queueName?.Length ?? 0) * LineWriter.MaxBytesPerChar));
        line.Ascii("queue_call"u8);
        var replaced = TagValue(ref line, ",agent="u8, agent)
                       + TagValue(ref line, ",outcome="u8, outcome)
                       + TagValue(ref line, ",pbx="u8, tagPbx)
                       + TagValue(ref line, ",queue="u8, queue)
                       + TagValue(ref line, ",queue_name="u8, queueName)
                       + StringField(ref line, " call_id=\""u8, callKey);
        FloatField(ref line, ",wait_s="u8, p.Wait.TotalSeconds);
        FloatField(ref line, ",talk_s="u8, p.Talk.TotalSeconds);
        IntegerField(ref line, ",answered="u8, answered ? 1 : 0);
        IntegerField(ref line, ",abandoned="u8, p.Outcome == PassageOutcomes.Abandoned ? 1 : 0);
        IntegerField(ref line, ",short_abandon="u8, shortAbandon ? 1 : 0);
        IntegerField(ref line, ",sl_eligible="u8, eligible ? 1 : 0);
        IntegerField(ref line, ",sl_met="u8, met ? 1 : 0);
        IntegerField(ref line, ",sl_threshold_s="u8, kpi.Thresholds.SecondsFor(p.Queue));
        End(ref line, timestamp, output);
        return replaced;
    }

    public static int AgentCall(string pbx, string callKey, AgentLeg leg, long timestamp, IBufferWriter<byte> output)
    {
        var agent = Tag(leg.Agent);
        var agentName = Tag(leg.AgentName);
        var direction = Tag(leg.Direction);
        var tagPbx = Tag(pbx);
        var line = new LineWriter(output.GetSpan(Room(agent, agentName, direction, callKey, tagPbx, 4)));
        line.Ascii("agent_call"u8);
        var replaced = TagValue(ref line, ",agent="u8, agent)
                       + TagValue(ref line, ",agent_name="u8, agentName)
                       + TagValue(ref line, ",direction="u8, direction)
                       + TagValue(ref line, ",pbx="u8, tagPbx)
                       + StringField(ref line, " call_id=\""u8, callKey);
        FloatField(ref line, ",talk_s="u8, leg.Talk.TotalSeconds);
        FloatField(ref line, ",ring_s="u8, leg.Ring.TotalSeconds);
        IntegerField(ref line, ",answered="u8, leg.Answered ? 1 : 0);
        End(ref line, timestamp, output);
        return replaced;
    }

    // A tag value as PointData.Tag keeps it: none when null or empty, else cut to the longest a tag value may be.
    static string? Tag(string? value) => string.IsNullOrEmpty(value) ? null : OutsideText.Cut(value, OutsideText.MaxTagLength);

    static int Room(string? a, string? b, string? c, string d, string? e, int numbers) =>
        checked(((a?.Length ?? 0) + (b?.Length ?? 0) + (c?.Length ?? 0) + d.Length + (e?.Length ?? 0)) * LineWriter.MaxBytesPerChar
                + ((numbers + 1) * LineWriter.MaxNumberBytes) + ConstantBytes);

    static int TagValue(ref LineWriter line, ReadOnlySpan<byte> prefix, string? value)
    {
        if (value is null)
            return 0;
        line.Ascii(prefix);
        return LineProtocolEscaper.Write(ref line, value, LineElement.Key);
    }

    static int StringField(ref LineWriter line, ReadOnlySpan<byte> prefixAndQuote, string value)
    {
        line.Ascii(prefixAndQuote);
        var replaced = LineProtocolEscaper.Write(ref line, value, LineElement.StringValue);
        line.Ascii('"');
        return replaced;
    }

    static void FloatField(ref LineWriter line, ReadOnlySpan<byte> prefix, double value)
    {
        line.Ascii(prefix);
        line.Float(value);
    }

    static void IntegerField(ref LineWriter line, ReadOnlySpan<byte> prefix, long value)
    {
        line.Ascii(prefix);
        line.Integer(value);
        line.Ascii('i');
    }

    static void End(ref LineWriter line, long timestamp, IBufferWriter<byte> output)
    {
        line.Ascii(' ');
        line.Integer(timestamp);
        line.Ascii('\n');
        output.Advance(line.Position);
    }
}
