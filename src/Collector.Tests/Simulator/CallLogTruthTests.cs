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
            var wait = SimulatorClient.Seconds(row.GetProperty("RingingDuration")) + SimulatorClient.Seconds(row.GetProperty("TalkingDuration"));
            Assert.Equal(p.GetProperty("wait_s").GetDouble(), wait, 6);
            var outcome = row.GetProperty("Status").GetString() == "Waiting" ? "answered" : i < passages.Count - 1 ? "overflow" : "abandoned";
            Assert.Equal(p.GetProperty("outcome").GetString(), outcome);
            if (outcome != "answered") continue;

            // The answering agent's row: answered, and its answer instant is the end of the queue wait.
            var answerAt = SimulatorClient.Instant(row.GetProperty("StartTime")).AddTicks((long)Math.Round(wait * 1e7));
            var agentRow = legs.Single(r => r.GetProperty("CallType").GetString() == "Extension" && r.GetProperty("Answered").GetBoolean()
                && Math.Abs((SimulatorClient.Instant(r.GetProperty("StartTime")).AddSeconds(SimulatorClient.Seconds(r.GetProperty("RingingDuration"))) - answerAt).TotalMilliseconds) < 0.01);
            Assert.Equal(p.GetProperty("agent").GetString(), agentRow.GetProperty("DestinationDn").GetString());
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
            Assert.Equal(truthLegs[i].GetProperty("ring_s").GetDouble(), SimulatorClient.Seconds(row.GetProperty("RingingDuration")), 6);
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
