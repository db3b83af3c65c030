using System.Text.Json;
using System.Text.RegularExpressions;

namespace Collector.Tests.Simulator;

/// <summary>
/// Every property the simulator emits exists in the official swagger schema (copied into
/// TestData/Swagger/schemas.json by generate-schemas.py) with a compatible JSON type and format.
/// </summary>
public sealed partial class ContractTests
{
    static readonly JsonElement Schemas = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Swagger", "schemas.json")))
        .RootElement.GetProperty("schemas").Clone();

    [GeneratedRegex(@"^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$")]
    private static partial Regex DateTime();

    [GeneratedRegex(@"^-?P([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+([.][0-9]+)?S)?)?$")]
    private static partial Regex Duration();

    public static TheoryData<string, string, string[]> Routes => new()
    {
        { SimulatorClient.CallLogUrl("2026-11-23T00:00:00Z", SimulatorClient.Start), "Pbx.CallLogData",
            ["MainCallHistoryId", "CdrId", "StartTime", "RingingDuration", "TalkingDuration", "Direction", "CallType", "Status", "RecordingUrl", "SrcRecId", "Recordings"] },
        { "xapi/v1/ActiveCalls", "Pbx.ActiveCall", ["Id", "Caller", "Callee", "Status", "LastChangeStatus", "EstablishedAt", "ServerNow"] },
        { "xapi/v1/Queues?$expand=Agents,Managers", "Pbx.Queue", ["Id", "Number", "Name", "Agents", "PollingStrategy"] },
        { "xapi/v1/Users", "Pbx.User", ["Id", "Number", "IsRegistered", "CurrentProfileName", "QueueStatus"] },
        { "xapi/v1/ReportQueuePerformanceTotals/Pbx.GetQueuePerformanceTotalsData(periodFrom=2026-11-22T00:00:00Z,periodTo=2026-11-23T10:00:00Z,queueDns='',waitInterval='0:00:05')",
            "Pbx.QueuePerformanceTotals", ["QueueDn", "QueueReceivedCount", "ExtensionAnsweredCount", "ExtensionDroppedCount"] },
        { "xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='',startDt=2026-11-22T00:00:00Z,endDt=2026-11-23T10:00:00Z,waitInterval='0:00:20')",
            "Pbx.StatisticSla", ["QueueDnNumber", "Dn", "ReceivedCount", "BadSlaCallsCount"] },
        { "xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom=2026-11-22T00:00:00Z,periodTo=2026-11-23T10:00:00Z,queueDns='800,801,802',waitInterval='0:00:05')",
            "Pbx.AbandonedQueueCalls", ["QueueDn", "QueueDisplayName", "CallTime", "CallTimeForCsv", "WaitTime", "CallerId", "ExtensionDn", "ExtensionDisplayName", "CallHistoryId", "PollingAttempts", "IsLoggedIn"] },
        { "xapi/v1/ReportQueueAnsweredCallsByWaitTime/Pbx.GetQueueAnsweredCallsByWaitTimeData(queueDnStr='',startDt=2026-11-22T00:00:00Z,endDt=2026-11-23T10:00:00Z,answerInterval='0:00:0')",
            "Pbx.QueueAnsweredCallsByWaitTime", ["CallTime", "AnsweredTime", "Dn", "DnNumber", "Destination", "Source", "RingTime"] },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryEmittedPropertyIsInTheSwaggerSchemaWithItsType(string url, string schema, string[] expected)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--calls-per-hour", "300");
        var body = await new SimulatorClient(sim).GetJsonAsync(url);
        var items = body.GetProperty("value").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        var seen = new HashSet<string>();
        foreach (var item in items) AssertMatches(item, schema, seen, $"{schema}[]");
        Assert.Superset(expected.ToHashSet(), seen);
    }

    [Fact]
    public async Task SystemStatusMatchesItsSchema()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var body = await new SimulatorClient(sim).GetJsonAsync("xapi/v1/SystemStatus");
        var members = body.EnumerateObject().Where(p => p.Name != "@odata.context").ToList();
        var seen = new HashSet<string>();
        foreach (var p in members) AssertProperty(p, "Pbx.SystemStatus", seen, "SystemStatus");
        Assert.Superset(new HashSet<string> { "Version", "CallsActive", "ExtensionsRegistered", "LastBackupDateTime", "OS" }, seen);
    }

    static void AssertMatches(JsonElement item, string schema, HashSet<string> seen, string path)
    {
        Assert.Equal(JsonValueKind.Object, item.ValueKind);
        foreach (var p in item.EnumerateObject()) AssertProperty(p, schema, seen, path);
    }

    static void AssertProperty(JsonProperty p, string schema, HashSet<string> seen, string path)
    {
        Assert.True(Schemas.GetProperty(schema).TryGetProperty(p.Name, out var type), $"{path}.{p.Name} is not in {schema}");
        seen.Add(p.Name);
        AssertValue(p.Value, type, $"{path}.{p.Name}");
    }

    static void AssertValue(JsonElement value, JsonElement type, string path)
    {
        Assert.True(value.ValueKind != JsonValueKind.Null, $"{path} is null: nulls are omitted");
        var format = type.TryGetProperty("format", out var f) ? f.GetString() : null;
        switch (type.GetProperty("type").GetString())
        {
            case "string":
                Assert.True(value.ValueKind == JsonValueKind.String, $"{path} should be a string");
                var text = value.GetString()!;
                if (format == "date-time") Assert.Matches(DateTime(), text);
                if (format == "duration") Assert.Matches(Duration(), text);
                if (type.TryGetProperty("enum", out var options)) Assert.Contains(text, options.EnumerateArray().Select(o => o.GetString()));
                break;
            case "integer":
                Assert.True(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n), $"{path} should be an integer");
                if (format == "int32") Assert.InRange(value.GetInt64(), int.MinValue, int.MaxValue);
                break;
            case "boolean":
                Assert.True(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{path} should be a boolean");
                break;
            case "array":
                Assert.True(value.ValueKind == JsonValueKind.Array, $"{path} should be an array");
                var i = 0;
                foreach (var element in value.EnumerateArray()) AssertValue(element, type.GetProperty("items"), $"{path}[{i++}]");
                break;
            case "object":
                var target = type.GetProperty("ref").GetString()!;
                if (Schemas.TryGetProperty(target, out _)) AssertMatches(value, target, [], path);
                else Assert.Equal(JsonValueKind.Object, value.ValueKind);
                break;
            default:
                Assert.Fail($"{path}: unexpected schema type {type}");
                break;
        }
    }
}
