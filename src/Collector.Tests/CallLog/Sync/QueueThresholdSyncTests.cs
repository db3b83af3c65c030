using Collector.Configuration;
using Collector.ThreeCx;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Sync;

/// <summary>The sync judges each queue's passages by that queue's T: configured override, else 3CX's SLATime, else the default.</summary>
public sealed class QueueThresholdSyncTests
{
    static SlaOptions Sla() => new() { Queues = { ["801"] = new QueueSlaOptions { ThresholdSeconds = 40 }, ["803"] = new QueueSlaOptions { ThresholdSeconds = 10 } } };

    /// <summary>A call answered 25 s after entering queue <paramref name="dn"/> (the V20 shape: the agent's row starts at the answer).</summary>
    static CallLogRow[] AnsweredAfter25Seconds(string call, string dn, double at) =>
    [
        Queue(call, at, 4, answered: true, dn: dn, name: $"Queue {dn}", reason: $"Queue {dn} ({dn}) was replaced by Berg, Anna (101)"),
        Agent(call, at + 25, 0, 60),
    ];

    static Dictionary<string, string> QueueCallLines(RecordingWriter writer) =>
        writer.Lines.Where(l => l.StartsWith("queue_call,", StringComparison.Ordinal))
            .ToDictionary(l => l[(l.IndexOf(",queue=", StringComparison.Ordinal) + 7)..].Split(',', ' ')[0], l => l);

    [Fact]
    public async Task EachQueuesPassagesAreJudgedWithItsOwnThresholdAndCarryIt()
    {
        await using var kit = new SyncTestKit(sla: Sla());
        kit.Pbx.Queues.AddRange([
            new XapiQueue { Number = "800", SlaTime = 30 },   // 3CX's SLATime
            new XapiQueue { Number = "801", SlaTime = 15 },   // overridden by the configuration (40)
            new XapiQueue { Number = "802", SlaTime = 0 },    // not set: the default (20)
            new XapiQueue { Number = "803", SlaTime = 60 },   // overridden by the configuration (10)
        ]);
        foreach (var (dn, i) in new[] { "800", "801", "802", "803" }.Select((dn, i) => (dn, i)))
            kit.Pbx.Rows.AddRange(AnsweredAfter25Seconds($"c{dn}", dn, 3600 + 300 * i));

        var result = await kit.SyncAsync();

        Assert.True(result.Ok, result.Error?.ToString());
        var lines = QueueCallLines(kit.Writer);
        Assert.Contains("wait_s=25,", lines["800"], StringComparison.Ordinal);
        Assert.Contains("sl_met=1i,sl_threshold_s=30i ", lines["800"], StringComparison.Ordinal);
        Assert.Contains("sl_met=1i,sl_threshold_s=40i ", lines["801"], StringComparison.Ordinal);
        Assert.Contains("sl_met=0i,sl_threshold_s=20i ", lines["802"], StringComparison.Ordinal);
        Assert.Contains("sl_met=0i,sl_threshold_s=10i ", lines["803"], StringComparison.Ordinal);
        Assert.Equal(1, kit.Pbx.QueueReads);
    }

    [Fact]
    public async Task WhenQueuesCannotBeReadTheRunSucceedsWithTheConfiguredThresholds()
    {
        await using var kit = new SyncTestKit(sla: Sla());
        kit.Pbx.QueuesFailure = new XapiException(XapiFailureKind.ServerError, "Queues: 500 (test).", "/xapi/v1/Queues", 500);
        kit.Pbx.Queues.Add(new XapiQueue { Number = "800", SlaTime = 30 });
        kit.Pbx.Rows.AddRange([.. AnsweredAfter25Seconds("c800", "800", 3600), .. AnsweredAfter25Seconds("c801", "801", 3900)]);

        var result = await kit.SyncAsync();

        Assert.True(result.Ok, result.Error?.ToString());
        var lines = QueueCallLines(kit.Writer);
        Assert.Contains("sl_met=0i,sl_threshold_s=20i ", lines["800"], StringComparison.Ordinal);
        Assert.Contains("sl_met=1i,sl_threshold_s=40i ", lines["801"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsWithoutAQueuePassageDoNotReadQueues()
    {
        await using var kit = new SyncTestKit();
        kit.Pbx.Call("internal-1", SyncTestKit.Start.AddHours(-3));

        Assert.True((await kit.SyncAsync()).Ok);
        Assert.Equal(0, kit.Pbx.QueueReads);
        Assert.Contains("internal-1", kit.Writer.CallIds);
    }
}
