using System.Buffers;
using BenchmarkDotNet.Attributes;
using Collector.Influx.LineProtocol;

namespace Collector.Bench;

/// <summary>
/// The line-protocol encoder on 10 000 realistic <c>queue_call</c> points (5 tags, 8 fields, a per-call
/// timestamp). Every benchmark reports per point (OperationsPerInvoke), so Mean is the time per point
/// and Allocated the bytes allocated per point.
/// </summary>
public class EncoderBenchmarks
{
    const int Points = 10_000;
    static readonly string[] QueueNames = ["Sales", "Support, 2nd level", "Billing & Accounts", "Empfang Zürich", "VIP"];
    static readonly string[] Agents = ["Anna Berg", "Jürgen Øst", "Li Wei", "O'Brien, Pat", "María José"];

    readonly ArrayBufferWriter<byte> _output = new(4 * 1024 * 1024);
    List<PointData> _points = [];

    [GlobalSetup]
    public void Setup() => _points = QueueCalls().ToList();

    /// <summary>Encode prepared points into a reused buffer: the encoder alone.</summary>
    [Benchmark(OperationsPerInvoke = Points, Baseline = true)]
    public int EncodeIntoReusedBuffer()
    {
        _output.ResetWrittenCount();
        foreach (var point in _points)
            LineProtocolEncoder.Write(point, _output);
        return _output.WrittenCount;
    }

    /// <summary>Encode prepared points into a new <see cref="LineBatch"/>, as the writer's callers do.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int EncodeIntoLineBatch() => LineBatch.From(_points).Count;

    /// <summary>Build each point (tags, fields, timestamp) and encode it: the pipeline's full cost per point.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int BuildAndEncode()
    {
        _output.ResetWrittenCount();
        foreach (var point in QueueCalls())
            LineProtocolEncoder.Write(point, _output);
        return _output.WrittenCount;
    }

    static IEnumerable<PointData> QueueCalls()
    {
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Points; i++)
        {
            var answered = i % 5 != 0;
            var wait = 2.5 + (i * 7919 % 60_000) / 1000.0;
            yield return new PointData("queue_call")
                .Tag("pbx", "hq")
                .Tag("queue", $"80{i % QueueNames.Length}")
                .Tag("queue_name", QueueNames[i % QueueNames.Length])
                .Tag("outcome", answered ? "answered" : "abandoned")
                .Tag("agent", answered ? Agents[i % Agents.Length] : null)
                .Field("call_id", $"{1_000_000 + i}")
                .Field("wait_s", wait)
                .Field("talk_s", answered ? 30 + (i * 104_729 % 600_000) / 1000.0 : 0.0)
                .Field("answered", answered ? 1 : 0)
                .Field("abandoned", answered ? 0 : 1)
                .Field("short_abandon", !answered && wait < 5 ? 1 : 0)
                .Field("sl_eligible", 1)
                .Field("sl_met", answered && wait <= 20 ? 1 : 0)
                .Timestamp(CallTimestamp.For(start.AddTicks(i * 37_000_000L + i % 7), $"{1_000_000 + i}/1"));
        }
    }
}
