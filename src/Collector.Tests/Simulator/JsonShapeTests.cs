using System.Text.Json;

namespace Collector.Tests.Simulator;

public sealed class JsonShapeTests
{
    static string Day => SimulatorClient.CallLogUrl("2026-11-23T00:00:00Z", SimulatorClient.Start);

    [Fact]
    public async Task UsersSelectReturnsOnlyTheSelectedMembersAndNamesThemInTheContext()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var body = await new SimulatorClient(sim).GetJsonAsync("xapi/v1/Users?$select=Id,Number,FirstName,LastName,EmailAddress");
        Assert.EndsWith("/xapi/v1/$metadata#Users(Id,Number,FirstName,LastName,EmailAddress)", body.GetProperty("@odata.context").GetString());
        Assert.All(body.GetProperty("value").EnumerateArray(), u =>
            Assert.Equal(["Number", "Id", "FirstName", "LastName", "EmailAddress"], u.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task CallLogSelectReturnsOnlyTheSelectedMembers()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var body = await new SimulatorClient(sim).GetJsonAsync(Day.Replace("hidePcalls=true)", "hidePcalls=true)?$select=CdrId,StartTime&$top=20"));
        Assert.All(body.GetProperty("value").EnumerateArray(), r => Assert.Equal(["CdrId", "StartTime"], r.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task NullMembersAreOmittedAndRecordingFieldsOnlyAppearOnRecordedLegs()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var rows = (await client.GetJsonAsync(Day)).GetProperty("value").EnumerateArray().ToList();
        foreach (var url in new[] { Day, "xapi/v1/Users", "xapi/v1/Queues?$expand=Agents", "xapi/v1/ActiveCalls", "xapi/v1/SystemStatus" })
            Assert.DoesNotContain(":null", (await (await client.GetAsync(url)).Content.ReadAsStringAsync()).Replace(" ", ""));

        var recorded = rows.Where(r => r.GetProperty("Recordings").GetArrayLength() > 0).ToList();
        var unrecorded = rows.Where(r => r.GetProperty("Recordings").GetArrayLength() == 0).ToList();
        Assert.NotEmpty(recorded);
        Assert.NotEmpty(unrecorded);
        Assert.All(recorded, r => Assert.Equal(r.GetProperty("Recordings")[0].GetProperty("Id").GetInt32(), r.GetProperty("SrcRecId").GetInt32()));
        Assert.All(recorded, r => Assert.EndsWith(".wav", r.GetProperty("RecordingUrl").GetString()));
        Assert.All(unrecorded, r => Assert.False(r.TryGetProperty("RecordingUrl", out _) || r.TryGetProperty("SrcRecId", out _) || r.TryGetProperty("DstRecId", out _)));
        Assert.All(rows.Where(r => r.GetProperty("CallType").GetString() == "Queue"), r => Assert.Equal(0, r.GetProperty("Recordings").GetArrayLength()));
    }

    [Fact]
    public async Task StartTimesAreUtcWithFiveToSevenFractionalDigitsAndDurationsAreIso8601()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var rows = (await new SimulatorClient(sim).GetJsonAsync(Day)).GetProperty("value").EnumerateArray().ToList();
        var digits = rows.Select(r => r.GetProperty("StartTime").GetString()!)
            .Select(s => { Assert.EndsWith("Z", s); return s.Contains('.') ? s.Length - s.IndexOf('.') - 2 : 0; }).ToList();
        Assert.All(digits, d => Assert.InRange(d, 1, 7));
        Assert.Contains(7, digits);
        Assert.Contains(6, digits);
        Assert.Contains(5, digits);
        Assert.Contains(rows, r => r.GetProperty("RingingDuration").GetString() == "PT0S");
        Assert.Contains(rows, r => r.GetProperty("TalkingDuration").GetString()!.StartsWith("PT", StringComparison.Ordinal) && r.GetProperty("TalkingDuration").GetString()!.Contains('M'));
        Assert.All(rows, r => System.Xml.XmlConvert.ToTimeSpan(r.GetProperty("TalkingDuration").GetString()!));
    }

    [Fact]
    public async Task QueueLegsLookLikeTheLiveCapture()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var rows = (await new SimulatorClient(sim).GetJsonAsync(Day)).GetProperty("value").EnumerateArray().ToList();
        var queueLeg = rows.First(r => r.GetProperty("Status").GetString() == "Waiting");
        Assert.Equal("Inbound Queue", queueLeg.GetProperty("Direction").GetString());
        Assert.Equal("Queue", queueLeg.GetProperty("CallType").GetString());
        Assert.True(queueLeg.GetProperty("Answered").GetBoolean());
        Assert.Equal("", queueLeg.GetProperty("DestinationCallerId").GetString());
        Assert.Matches(@"^\w+ \(8\d\d\)$", queueLeg.GetProperty("DestinationDisplayName").GetString());
        Assert.Matches(@"^\w+ \(8\d\d\) was replaced by \w+, \w+ \(\d+\)$", queueLeg.GetProperty("Reason").GetString());
        Assert.Equal("10000", queueLeg.GetProperty("SourceDn").GetString());
        Assert.StartsWith("+", queueLeg.GetProperty("SourceCallerId").GetString());
        Assert.Contains(rows, r => r.GetProperty("CallType").GetString() == "Digital Receptionist");
        Assert.Contains(rows, r => r.GetProperty("Direction").GetString() == "Outbound" && r.GetProperty("CallType").GetString() == "External");
        Assert.Contains(rows, r => r.GetProperty("Direction").GetString() == "Internal");
    }

    [Fact]
    public async Task QueuesServeAnSlaTimeInWholeSecondsOnSomeQueuesAndZeroOnTheOthersAsTheTruthSays()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--queues", "4");
        var queues = (await new SimulatorClient(sim).GetJsonAsync("xapi/v1/Queues?$select=Number,SLATime")).GetProperty("value").EnumerateArray()
            .ToDictionary(q => q.GetProperty("Number").GetString()!, q => q.GetProperty("SLATime"));
        var truth = await Collector.Testing.Truth.SimulatorTruth.QueuesAsync(sim);

        Assert.All(queues.Values, t => Assert.Equal(JsonValueKind.Number, t.ValueKind));
        Assert.Equal(new Dictionary<string, int> { ["800"] = 30, ["801"] = 0, ["802"] = 15, ["803"] = 0 }, queues.ToDictionary(q => q.Key, q => q.Value.GetInt32()));
        Assert.Equal(queues.ToDictionary(q => q.Key, q => q.Value.GetInt32()), truth.ToDictionary(q => q.Queue, q => q.SlaTimeSeconds));
    }

    [Theory]
    [InlineData("O''Brien")]
    [InlineData("a,b(c)")]
    [InlineData("''); DROP TABLE calls; --")]
    [InlineData("Zoë %2F 東京")]
    public async Task HostileStringLiteralsAreReadAsPlainText(string literal)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var url = Day.Replace("sourceFilter=''", $"sourceFilter='{Uri.EscapeDataString(literal).Replace("%27", "'")}'");
        var body = await new SimulatorClient(sim).GetJsonAsync(url);
        Assert.Equal(0, body.GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task ASourceFilterKeepsMatchingRows()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var body = await new SimulatorClient(sim).GetJsonAsync(Day.Replace("sourceFilter=''", "sourceFilter='10000'"));
        var rows = body.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("10000", r.GetProperty("SourceDn").GetString()));
    }

    [Fact]
    public async Task DefsCarriesTheVersionHeader()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var response = await new SimulatorClient(sim).GetAsync("xapi/v1/Defs?$select=Id");
        Assert.Matches(@"^20\.0\.\d+\.\d+$", response.Headers.GetValues("X-3CX-Version").Single());
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.EndsWith("#Defs(Id)", doc.RootElement.GetProperty("@odata.context").GetString());
    }
}
