using Collector.Testing.Faults;
using Collector.Testing.Truth;
using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// The fault suite's verdicts can fail: its ledger, over a real influxd, counts a true call without a <c>call</c> point as
/// lost and a call with two <c>call</c> points, or more <c>queue_call</c> points than passages, as doubled.
/// </summary>
[Collection(InfluxCollection.Name)]
public class CallLedgerTests(InfluxFixture influx)
{
    static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ACallWithoutPointsIsLostAndACallWithTwoCallPointsOrAnExtraPassageIsDoubled()
    {
        var database = $"ledger_{Guid.NewGuid():N}";
        await influx.Server.QueryAsync(database, $"CREATE DATABASE \"{database}\"");
        await WriteAsync(database,
            Call("written-once", 0), Passage("written-once", 0),
            Call("written-twice", 1), Call("written-twice", 2),
            Call("extra-passage", 3), Passage("extra-passage", 3), Passage("extra-passage", 4));

        var counts = await CallLedger.CompareAsync(influx.Server, database,
            [Truth("written-once", passages: 1), Truth("written-twice", passages: 0), Truth("extra-passage", passages: 1), Truth("never-written", passages: 0)]);

        Assert.Equal(4, counts.Truth);
        Assert.Equal(3, counts.Written);
        Assert.Equal(["never-written"], counts.Lost);
        Assert.Equal(["written-twice", "extra-passage"], counts.Doubled);
    }

    async Task WriteAsync(string database, params string[] lines)
    {
        using var body = new StringContent(string.Join('\n', lines));
        using var response = await influx.Server.Http.PostAsync($"write?db={database}", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    static string Call(string id, int second) => $"call,pbx=sim,direction=inbound,outcome=answered call_id=\"{id}\" {InfluxServer.Nanoseconds(Start.AddSeconds(second))}";

    static string Passage(string id, int second) => $"queue_call,pbx=sim,queue=800 call_id=\"{id}\" {InfluxServer.Nanoseconds(Start.AddSeconds(second))}";

    static TruthCall Truth(string id, int passages) => new(id, 1, Start, Start.AddMinutes(1), "inbound", "answered", "+4930123", "800",
        [.. Enumerable.Range(0, passages).Select(_ => new TruthPassage("800", "Sales", Start, 5, "answered", "101", 50))], [], 50, 60);
}
