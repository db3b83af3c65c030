using System.Text.Json;

namespace Collector.Tests.Simulator;

/// <summary>The call log's legs, read as the simulator's README says, give back exactly the ground truth.</summary>
public sealed class CallLogTruthTests
{
    const string From = "2026-11-22T10:00:00Z";
    const string To = SimulatorClient.Start;

    [Fact]
    public async Task CallLogLegsGroupIntoTheCallsOfTheGroundTruth()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "1");
        var client = new SimulatorClient(sim);
        var rows = await client.AllCallLogRowsAsync(From, To);
        var truth = (await client.TruthCallsAsync(From, To)).Where(c => c.GetProperty("outcome").GetString() != "in_progress").ToList();
        var byCall = rows.GroupBy(r => r.GetProperty("MainCallHistoryId").GetString()!)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => SimulatorClient.Instant(r.GetProperty("StartTime"))).ToList());

        Assert.True(truth.Count > 300, $"only {truth.Count} calls");
        Assert.Equal(truth.Count, byCall.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("CdrId").GetString()).Distinct().Count());
        foreach (var call in truth)
        {
            var legs = byCall[call.GetProperty("callId").GetString()!];
            Assert.All(legs, r => Assert.Equal(r.GetProperty("MainCallHistoryId").GetString(), r.GetProperty("CallHistoryId").GetString()));
            AssertPassagesMatch(call, legs);
            AssertAgentLegsMatch(call, legs);
            AssertOutcomeMatches(call, legs);
        }
    }

    static void AssertPassagesMatch(JsonElement call, List<JsonElement> legs)
    {
        var queueRows = legs.Where(r => r.GetProperty("Direction").GetString() == "Inbound Queue").ToList();
        var passages = call.GetProperty("passages").EnumerateArray().ToList();
        Assert.Equal(passages.Count, queueRows.Count);
        for (var i = 0; i < passages.Count; i++)
        {
            var row = queueRows[i];
            var p = passages[i];
            Assert.Equal("Queue", row.GetProperty("CallType").GetString());
            Assert.Equal(p.GetProperty("queue").GetString(), row.GetProperty("DestinationDn").GetString());
            Assert.Equal(SimulatorClient.Instant(p.GetProperty("enter")), SimulatorClient.Instant(row.GetProperty("StartTime")));
            var enter = SimulatorClient.Instant(row.GetProperty("StartTime"));
            var rowLength = SimulatorClient.Seconds(row.GetProperty("RingingDuration")) + SimulatorClient.Seconds(row.GetProperty("TalkingDuration"));
            var outcome = row.GetProperty("Status").GetString() == "Waiting" ? "answered" : i < passages.Count - 1 ? "overflow" : "abandoned";
            Assert.Equal(p.GetProperty("outcome").GetString(), outcome);
            if (outcome != "answered")
            {
                // Abandoned or overflowed: the queue row lasts until the caller left the queue.
                Assert.Equal(p.GetProperty("wait_s").GetDouble(), rowLength, 6);
                continue;
            }

            // Answered: the agent named in the Reason; their row starts at the answer with PT0S, after a gap that no row
            // of the caller's covers; the wait runs from the queue entry to that answer.
            var agent = p.GetProperty("agent").GetString()!;
            Assert.EndsWith($"({agent})", row.GetProperty("Reason").GetString());
            var agentRow = legs.First(r => r.GetProperty("CallType").GetString() == "Extension" && r.GetProperty("Answered").GetBoolean()
                && r.GetProperty("DestinationDn").GetString() == agent && SimulatorClient.Instant(r.GetProperty("StartTime")) >= enter);
            var answerAt = SimulatorClient.Instant(agentRow.GetProperty("StartTime"));
            Assert.Equal(0, SimulatorClient.Seconds(agentRow.GetProperty("RingingDuration")));
            Assert.Equal(p.GetProperty("wait_s").GetDouble(), (answerAt - enter).TotalSeconds, 6);
            Assert.True((answerAt - enter).TotalSeconds - rowLength > 1, $"the queue row ends {rowLength} s after entry, the answer {(answerAt - enter).TotalSeconds} s");
            Assert.Equal(p.GetProperty("talk_s").GetDouble(), SimulatorClient.Seconds(agentRow.GetProperty("TalkingDuration")), 6);
        }
    }

    static void AssertAgentLegsMatch(JsonElement call, List<JsonElement> legs)
    {
        var agentRows = legs.Where(r => r.GetProperty("CallType").GetString() is "Extension" or "External").ToList();
        var truthLegs = call.GetProperty("legs").EnumerateArray().ToList();
        Assert.Equal(truthLegs.Count, agentRows.Count);
        for (var i = 0; i < truthLegs.Count; i++)
        {
            var row = agentRows[i];
            var agent = row.GetProperty("Direction").GetString() == "Outbound" ? row.GetProperty("SourceDn") : row.GetProperty("DestinationDn");
            Assert.Equal(truthLegs[i].GetProperty("agent").GetString(), agent.GetString());
            // The agent who answers a queue call: the row starts at the answer with PT0S (the ring is lost, as on V20).
            var ring = truthLegs[i].GetProperty("ring_s").GetDouble();
            var answersFromQueue = truthLegs[i].GetProperty("kind").GetString() == "queue" && truthLegs[i].GetProperty("answered").GetBoolean();
            Assert.Equal(SimulatorClient.Instant(truthLegs[i].GetProperty("start")).AddTicks(answersFromQueue ? (long)Math.Round(ring * 1e7) : 0),
                SimulatorClient.Instant(row.GetProperty("StartTime")));
            Assert.Equal(answersFromQueue ? 0 : ring, SimulatorClient.Seconds(row.GetProperty("RingingDuration")), 6);
            Assert.Equal(truthLegs[i].GetProperty("talk_s").GetDouble(), SimulatorClient.Seconds(row.GetProperty("TalkingDuration")), 6);
            Assert.Equal(truthLegs[i].GetProperty("answered").GetBoolean(), row.GetProperty("Answered").GetBoolean());
            Assert.Equal(row.GetProperty("Answered").GetBoolean() ? "Answered" : "Unanswered", row.GetProperty("Status").GetString());
        }
    }

    static void AssertOutcomeMatches(JsonElement call, List<JsonElement> legs)
    {
        var anyAgentAnswered = legs.Any(r => r.GetProperty("CallType").GetString() is "Extension" or "External" && r.GetProperty("Answered").GetBoolean());
        var lastQueue = legs.LastOrDefault(r => r.GetProperty("CallType").GetString() == "Queue");
        var expected = anyAgentAnswered ? "answered"
            : lastQueue.ValueKind != JsonValueKind.Undefined && lastQueue.GetProperty("Status").GetString() == "Unanswered" ? "abandoned"
            : "unanswered";
        Assert.Equal(call.GetProperty("outcome").GetString(), expected);
        var direction = legs.Any(r => r.GetProperty("Direction").GetString() == "Outbound") ? "outbound"
            : legs.Any(r => r.GetProperty("Direction").GetString() == "Internal") ? "internal" : "inbound";
        Assert.Equal(call.GetProperty("direction").GetString(), direction);
        var talk = legs.Where(r => r.GetProperty("CallType").GetString() is "Extension" or "External")
            .Sum(r => SimulatorClient.Seconds(r.GetProperty("TalkingDuration")));
        Assert.Equal(call.GetProperty("talk_s").GetDouble(), talk, 5);
    }

    [Fact]
    public async Task AnsweredQueueCallsHaveTheShapeOfARealV20CallLog()
    {
        // Notes §6: the queue row ends, seconds to minutes pass with no row, the agent's row starts at the answer with
        // PT0S and its recording is stamped with that second.
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "1");
        var rows = await new SimulatorClient(sim).AllCallLogRowsAsync(From, To);
        var gaps = new List<double>();
        foreach (var call in rows.GroupBy(r => r.GetProperty("MainCallHistoryId").GetString()))
        {
            var queueRows = call.Where(r => r.GetProperty("Status").GetString() == "Waiting").ToList();
            foreach (var queueRow in queueRows)
            {
                var enter = SimulatorClient.Instant(queueRow.GetProperty("StartTime"));
                var end = enter.AddSeconds(SimulatorClient.Seconds(queueRow.GetProperty("RingingDuration")) + SimulatorClient.Seconds(queueRow.GetProperty("TalkingDuration")));
                var agent = queueRow.GetProperty("Reason").GetString()![^4..^1];
                var answer = call.Where(r => r.GetProperty("DestinationDn").GetString() == agent && r.GetProperty("Status").GetString() == "Answered")
                    .OrderBy(r => SimulatorClient.Instant(r.GetProperty("StartTime"))).First(r => SimulatorClient.Instant(r.GetProperty("StartTime")) >= enter);
                var start = SimulatorClient.Instant(answer.GetProperty("StartTime"));
                Assert.Equal("PT0S", answer.GetProperty("RingingDuration").GetString());
                Assert.DoesNotContain(call, r => r.GetProperty("CallType").GetString() != "Extension"
                    && SimulatorClient.Instant(r.GetProperty("StartTime")) > end && SimulatorClient.Instant(r.GetProperty("StartTime")) < start);
                if (answer.TryGetProperty("RecordingUrl", out var url))
                    Assert.Contains($"_{start:yyyyMMddHHmmss}(", url.GetString());
                gaps.Add((start - end).TotalSeconds);
            }
        }

        Assert.True(gaps.Count > 200, $"only {gaps.Count} answered passages");
        Assert.True(gaps.Min() > 1, $"the shortest gap is {gaps.Min()} s");
        Assert.Contains(gaps, g => g > 20);   // rings without answer before the answer: tens of seconds
    }

    [Fact]
    public async Task TheModelProducesEveryKindOfLegAndOutcome()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--history-days", "2");
        var client = new SimulatorClient(sim);
        var calls = await client.TruthCallsAsync("2026-11-21T10:00:00Z", To);
        var passages = calls.SelectMany(c => c.GetProperty("passages").EnumerateArray()).ToList();
        var legs = calls.SelectMany(c => c.GetProperty("legs").EnumerateArray()).ToList();

        foreach (var outcome in new[] { "answered", "abandoned", "overflow" })
            Assert.Contains(passages, p => p.GetProperty("outcome").GetString() == outcome);
        Assert.Contains(passages, p => p.GetProperty("outcome").GetString() == "abandoned" && p.GetProperty("wait_s").GetDouble() < 5);
        foreach (var kind in new[] { "queue", "direct", "transfer", "outbound", "internal" })
            Assert.Contains(legs, l => l.GetProperty("kind").GetString() == kind);
        Assert.Contains(legs, l => !l.GetProperty("answered").GetBoolean());
        Assert.Contains(calls, c => c.TryGetProperty("ivr_s", out _));
        foreach (var outcome in new[] { "answered", "abandoned", "unanswered" })
            Assert.Contains(calls, c => c.GetProperty("outcome").GetString() == outcome);
    }
}
