using System.Text.Json;
using Collector.CallLog.Sync;
using Collector.Security;
using Collector.Tests.Support;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// Values far longer than any 3CX sends (the simulator's <c>longValue</c> fault): a 10 MB <c>StartTime</c>, a 100 kB
/// <c>Status</c> or queue name. Whatever reaches a log line, a check verdict, a <c>collector</c> point's <c>error</c> or a
/// tag is cut to its documented cap, with a mark that says so; one answer is not read beyond <c>Xapi:MaxResponseBytes</c>.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class LongValueTests(InfluxFixture influx)
{
    const int TenMegabytes = 10 * 1024 * 1024;

    static object Rule(string route, string property, int length) => new { route, longValue = new { property, length } };

    CliRun Check(SimulatorHost sim) => new CliRun()
        .With("Pbxs:0:Name", "sim").With("Pbxs:0:BaseUrl", sim.BaseUrl.ToString())
        .With("Pbxs:0:ClientId", sim.ClientId).With("Pbxs:0:ClientSecret", sim.ClientSecret)
        .With("Influx:Url", influx.Server.Url.ToString()).With("Influx:Database", $"long_{Guid.NewGuid():N}");

    static string Verdict(CliOutcome outcome, string step)
    {
        using var report = JsonDocument.Parse(outcome.Out);
        return report.RootElement.GetProperty("targets")[0].GetProperty("steps").EnumerateArray()
            .Single(s => s.GetProperty("step").GetString() == step).GetProperty("verdict").GetString()!;
    }

    [Fact]
    public async Task ATenMegabyteStartTimeGivesACallLogVerdictOfAFewHundredCharacters()
    {
        await using var sim = await SimulatorHost.StartAsync();
        await sim.SetFaultsAsync(new { rules = new[] { Rule("calllog", "StartTime", TenMegabytes) } });

        var outcome = await Check(sim).InvokeAsync("check", "--json");

        var verdict = Verdict(outcome, "call log");
        Assert.StartsWith("The PBX answered /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) with a body the collector cannot read: Expected an ISO-8601 date-time but found", verdict);
        Assert.Contains($"({TenMegabytes} bytes)", verdict);
        Assert.True(verdict.Length < 1_000, $"{verdict.Length} characters");
        Assert.True(outcome.Out.Length < 20_000, $"check --json printed {outcome.Out.Length} characters");
    }

    [Fact]
    public async Task AnAnswerLargerThanMaxResponseBytesFailsTheStepAndNamesTheSetting()
    {
        await using var sim = await SimulatorHost.StartAsync();
        await sim.SetFaultsAsync(new { rules = new[] { Rule("calllog", "StartTime", 2 * 1024 * 1024) } });

        var outcome = await Check(sim).InvokeAsync("check", "--json", "--Xapi:MaxResponseBytes=1048576");

        Assert.StartsWith("The PBX answered /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) with more than 1048576 bytes (Xapi:MaxResponseBytes)",
            Verdict(outcome, "call log"));
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TheWorkersLogLinesErrorFieldsAndTagsStayWithinTheirCapsWhateverThePbxSends()
    {
        // PBX "names": a 100 kB Status on call-log rows and a 100 kB queue name; PBX "dates": a 10 MB StartTime on every page.
        await using var names = await SimulatorHost.StartAsync("--seed", "4", "--speed", "1", "--history-days", "1", "--queues", "2", "--agents", "6");
        await using var dates = await SimulatorHost.StartAsync("--seed", "5", "--speed", "1", "--history-days", "1", "--queues", "2", "--agents", "6");
        await names.SetFaultsAsync(new { rules = new[] { Rule("calllog", "Status", 100_000), Rule("queues", "Name", 100_000) } });
        await dates.SetFaultsAsync(new { rules = new[] { Rule("calllog", "StartTime", TenMegabytes) } });
        var database = $"long_{Guid.NewGuid():N}";
        using var folder = new TempDirectory("long");
        var cli = new CliRun()
            .WithAll(PipelineKit.SettingsFor(names, influx.Server, database, $"Data Source={folder.File("state.db")}"))
            .With("Pbxs:0:Name", "names")
            .With("Pbxs:1:Name", "dates").With("Pbxs:1:BaseUrl", dates.BaseUrl.ToString())
            .With("Pbxs:1:ClientId", dates.ClientId).With("Pbxs:1:ClientSecret", dates.ClientSecret)
            .With("Schedules:CallLogSyncInterval", "00:00:01")
            .With("Schedules:LiveSnapshotInterval", "00:00:01");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var worker = cli.InvokeAsync(stop.Token, "run");
        await dates.WaitForRequestsAsync("/xapi/v1/ReportCallLogData", 3, TimeSpan.FromSeconds(60));
        await cli.Logs.WaitForAsync(r => r.Message.Contains("unknown", StringComparison.Ordinal) && r.Message.Contains("Status", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await names.WaitForRequestsAsync("/xapi/v1/ActiveCalls", 4, TimeSpan.FromSeconds(30));   // live runs have written queue_live
        await stop.CancelAsync();
        await worker;   // CliRun also checks that no log line it caught is over the cap

        var messages = cli.Logs.GetSnapshot().Select(r => r.Text()).ToList();
        Assert.All(messages, m => Assert.True(m.Length <= LogLimits.MaxMessageLength, $"a log line of {m.Length} characters"));
        Assert.Contains(messages, m => m.Contains("Status", StringComparison.Ordinal) && m.Contains("…[cut, 100000 chars]", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("call-log sync failed", StringComparison.Ordinal) && m.Contains($"({TenMegabytes} bytes)", StringComparison.Ordinal));

        var errors = await ValuesAsync(database, "SELECT \"error\" FROM \"collector\" WHERE \"pbx\" = 'dates' AND \"job\" = 'calllog_sync'");
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.True(e.Length <= SyncRunRecorder.MaxErrorLength, $"an error field of {e.Length} characters"));
        Assert.Contains(errors, e => e.Contains($"({TenMegabytes} bytes)", StringComparison.Ordinal));

        var queueNames = await ValuesAsync(database, "SHOW TAG VALUES FROM \"queue_live\" WITH KEY = \"queue_name\" WHERE \"pbx\" = 'names'", column: 1);
        Assert.All(queueNames, n => Assert.True(n.Length <= OutsideText.MaxTagLength, $"a tag of {n.Length} characters"));
        Assert.Contains(queueNames, n => n.EndsWith("…[cut, 100000 chars]", StringComparison.Ordinal));
    }

    async Task<List<string>> ValuesAsync(string database, string query, int column = 1)
    {
        var result = (await influx.Server.QueryAsync(database, query)).GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        return series.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Select(row => row[column]).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
    }
}
