using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class CallPointsTests
{
    static readonly KpiSettings Kpi = GoldenFileTests.Kpi;

    static NormalisedCall Answered(string id) =>
        Single(Ivr(id, 0, 10), Queue(id, 10, 8, answered: true), Agent(id, 10, 6, 0, dn: "102"), Agent(id, 14, 4, 95));

    [Fact]
    public void ACallGivesOneCallPointOneQueueCallPerPassageAndOneAgentCallPerLeg()
    {
        var points = CallPoints.For("hq", Answered("c1"), Kpi).ToList();

        Assert.Equal(["call", "queue_call", "agent_call", "agent_call"], points.Select(p => p.Measurement));
    }

    [Fact]
    public void PointsCarryTheSchemasTagsAndFieldsWithTheirTypes()
    {
        var points = CallPoints.For("hq", Answered("c1"), Kpi).ToList();

        Assert.Equal(
            "call,direction=inbound,outcome=answered,pbx=hq call_id=\"c1\",duration_s=113,talk_s=95,ring_s=10,answered=1i,queue_passes=1i,legs=4i",
            WithoutTimestamp(points[0]));
        Assert.Equal(
            "queue_call,agent=101,outcome=answered,pbx=hq,queue=800,queue_name=Sales call_id=\"c1\",wait_s=8,talk_s=95,answered=1i,abandoned=0i,short_abandon=0i,sl_eligible=1i,sl_met=1i,sl_threshold_s=20i",
            WithoutTimestamp(points[1]));
        Assert.Equal(
            "agent_call,agent=102,agent_name=Berg\\,\\ Anna,direction=inbound,pbx=hq call_id=\"c1\",talk_s=0,ring_s=6,answered=0i",
            WithoutTimestamp(points[2]));
        Assert.All(points, p => Assert.Equal(FieldKind.String, p.Fields[0].Value.Kind));
    }

    [Fact]
    public void EachPointIsStampedAtItsStartAndKeyedByItsCallOrLeg()
    {
        var call = Answered("c1");

        var points = CallPoints.For("hq", call, Kpi).ToList();

        Assert.Equal(CallTimestamp.For(call.Start, "c1"), points[0].TimestampNs);
        Assert.Equal(CallTimestamp.For(call.Passages[0].Enter, call.Passages[0].LegKey), points[1].TimestampNs);
        Assert.Equal(CallTimestamp.For(call.AgentLegs[1].Start, call.AgentLegs[1].LegKey), points[3].TimestampNs);
    }

    [Fact]
    public void TheSameCallWrittenTwiceGivesTheSameLines()
    {
        var rows = new[] { Ivr("c1", 0, 10), Queue("c1", 10, 8, answered: true), Agent("c1", 14, 4, 95) };

        var first = LineProtocolEncoder.ToText(CallPoints.For("hq", Assert.Single(Normaliser(out _).Normalise(rows)), Kpi));
        var second = LineProtocolEncoder.ToText(CallPoints.For("hq", Assert.Single(Normaliser(out _).Normalise(rows.Reverse())), Kpi));

        Assert.Equal(first, second);
    }

    [Fact]
    public void ManyCallsStartingAtTheSameInstantInOneWriteGetDifferentTimestampsInEveryMeasurement()
    {
        var rows = Enumerable.Range(0, 500).SelectMany(i => new[]
        {
            Queue($"call-{i}", 0, 30, answered: true), Agent($"call-{i}", 0, 30, 0, dn: "101"), Agent($"call-{i}", 0, 30, 60, dn: "102"),
        });
        var calls = Normaliser(out _).Normalise(rows);

        var stamps = CallPoints.For("hq", calls, Kpi).Select(p => (p.Measurement, p.TimestampNs)).ToList();

        Assert.Equal(500 + 500 + 1000, stamps.Count);
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
    }

    [Fact]
    public void AnAbandonedPassageHasNoAgentTagAndMissingNamesAreLeftOutNotEmpty()
    {
        var call = Single(Queue("c1", 0, 30, answered: false) with { DestinationDisplayName = null }, Agent("c1", 5, 25, 0) with { DestinationDisplayName = "" });

        var lines = CallPoints.For("hq", call, Kpi).Select(WithoutTimestamp).ToList();

        Assert.Equal("queue_call,outcome=abandoned,pbx=hq,queue=800 call_id=\"c1\",wait_s=30,talk_s=0,answered=0i,abandoned=1i,short_abandon=0i,sl_eligible=1i,sl_met=0i,sl_threshold_s=20i", lines[1]);
        Assert.Equal("agent_call,agent=101,direction=inbound,pbx=hq call_id=\"c1\",talk_s=0,ring_s=25,answered=0i", lines[2]);
    }

    [Fact]
    public void ThePbxNameIsRequired()
    {
        Assert.Throws<ArgumentException>(() => CallPoints.For("", Answered("c1"), Kpi));
    }

    static string WithoutTimestamp(PointData point)
    {
        var line = point.ToString();
        return line[..line.LastIndexOf(' ')];
    }
}
