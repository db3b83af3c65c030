using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Cli;

/// <summary><c>collector check</c> end to end: the simulator over real HTTP, a real influxd, the verb run in-process.</summary>
[Collection(InfluxCollection.Name)]
public sealed class CheckCommandTests(InfluxFixture influx) : IAsyncLifetime
{
    SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    CliRun Check(string? secret = null) => new CliRun()
        .With("Pbxs:0:Name", "sim")
        .With("Pbxs:0:BaseUrl", _sim.BaseUrl.ToString())
        .With("Pbxs:0:ClientId", _sim.ClientId)
        .With("Pbxs:0:ClientSecret", secret ?? _sim.ClientSecret)
        .With("Influx:Url", influx.Server.Url.ToString())
        .With("Influx:Database", $"check_{Guid.NewGuid():N}");

    static async Task<(int ExitCode, Dictionary<string, JsonElement> Steps)> JsonAsync(CliRun run, params string[] args)
    {
        var outcome = await run.InvokeAsync(["check", "--json", .. args]);
        using var doc = JsonDocument.Parse(outcome.Out);
        var steps = doc.RootElement.GetProperty("targets").EnumerateArray()
            .SelectMany(t => t.GetProperty("steps").EnumerateArray().Select(s => (Key: $"{t.GetProperty("name").GetString()}/{s.GetProperty("step").GetString()}", Step: s.Clone())))
            .ToDictionary(x => x.Key, x => x.Step);
        return (outcome.ExitCode, steps);
    }

    static string Result(Dictionary<string, JsonElement> steps, string key) => steps[key].GetProperty("result").GetString()!;
    static string Verdict(Dictionary<string, JsonElement> steps, string key) => steps[key].GetProperty("verdict").GetString()!;
    static string? Fix(Dictionary<string, JsonElement> steps, string key) => steps[key].GetProperty("fix").GetString();

    [Fact]
    public async Task EveryStepPassesAgainstTheSimulatorAndInfluxdAndTheExitCodeIsZero()
    {
        var outcome = await Check().InvokeAsync("check");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var step in new[] { "dns", "tls", "token", "version", "call log", "active calls", "queues", "users", "system status", "clock", "ping", "write", "query" })
            Assert.Matches($@"│ {step} +│ pass +│", outcome.Out);
        Assert.DoesNotContain("FAIL", outcome.Out);
        Assert.Contains("All checks passed; the collector can run.", outcome.Out);
        Assert.DoesNotContain(_sim.ClientSecret, outcome.Out);
        Assert.Equal("", outcome.Error);
    }

    [Fact]
    public async Task AWrongSecretFailsTheTokenStepSaysTheSecretIsWrongAndSkipsWhatNeedsAToken()
    {
        const string wrong = "not-the-secret-4711";

        var outcome = await Check(wrong).InvokeAsync("check");
        var (exitCode, steps) = await JsonAsync(Check(wrong));

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(1, exitCode);
        Assert.Contains("The client secret or client ID is wrong", outcome.Out);
        Assert.Equal("fail", Result(steps, "sim/token"));
        Assert.StartsWith("3CX refused the client ID or secret (401 on /connect/token).", Verdict(steps, "sim/token"));
        Assert.StartsWith("The client secret or client ID is wrong: in the 3CX Admin Console → Integrations → API", Fix(steps, "sim/token"));
        Assert.Contains("set Pbxs__0__ClientSecret", Fix(steps, "sim/token"));
        foreach (var step in new[] { "version", "call log", "active calls", "queues", "users", "system status" })
        {
            Assert.Equal("skipped", Result(steps, $"sim/{step}"));
            Assert.Equal("skipped: the token step failed", Verdict(steps, $"sim/{step}"));
        }
        Assert.Equal("pass", Result(steps, "InfluxDB/query"));
        Assert.DoesNotContain(wrong, outcome.Out);
    }

    [Fact]
    public async Task A404OnTheCallLogA403OnUsersAndA429ThenOkOnQueuesAreEachSaidInWordsAndOnlyTheRealFailuresFail()
    {
        await _sim.SetFaultsAsync(new
        {
            rules = new object[]
            {
                new { route = "calllog", status = 404 },
                new { route = "users", status = 403 },
                new { route = "queues", status = 429, retryAfterSeconds = 1, times = 1 },
            },
        });

        var (exitCode, steps) = await JsonAsync(Check());

        Assert.Equal(1, exitCode);
        Assert.Equal("fail", Result(steps, "sim/call log"));
        Assert.StartsWith("/xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) does not exist on this PBX (404).", Verdict(steps, "sim/call log"));
        Assert.StartsWith("The collector uses V20's /xapi/v1/ReportCallLogData/Pbx.GetCallLogData(…) (V20 has no CallLogRecords or CallLogData)", Fix(steps, "sim/call log"));
        Assert.Equal("fail", Result(steps, "sim/users"));
        Assert.StartsWith("The API client may not read /xapi/v1/Users (403): its role is too low, or Console Restrictions block this machine.", Verdict(steps, "sim/users"));
        Assert.Contains("System Owner role", Fix(steps, "sim/users"));
        Assert.Equal("warn", Result(steps, "sim/queues"));
        Assert.EndsWith("It passed only after retrying: the PBX first answered 429 Too Many Requests.", Verdict(steps, "sim/queues"));
        Assert.StartsWith("The PBX is rate-limiting this API client", Fix(steps, "sim/queues"));
        Assert.Equal(["pass"], new[] { "token", "version", "active calls", "system status" }.Select(s => Result(steps, $"sim/{s}")).Distinct());
    }

    [Fact]
    public async Task ARateLimitThatPassesAfterRetryingIsOnlyAWarningSoTheExitCodeStaysZero()
    {
        await _sim.SetFaultsAsync(new { rules = new object[] { new { route = "activecalls", status = 429, retryAfterSeconds = 1, times = 1 } } });

        var outcome = await Check().InvokeAsync("check");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"│ active calls +│ warn +│", outcome.Out);
        Assert.Contains("All checks passed with 1 warning(s)", outcome.Out);
    }

    [Fact]
    public async Task ACallLogWithoutTheFieldsOf20_0_6IsAWarningThatSaysToUpdate()
    {
        await _sim.SetFaultsAsync(new { legacyFields = true });

        var (exitCode, steps) = await JsonAsync(Check());

        Assert.Equal(0, exitCode);
        Assert.Equal("warn", Result(steps, "sim/call log"));
        Assert.Contains("lack CdrId and MainCallHistoryId", Verdict(steps, "sim/call log"));
        Assert.StartsWith("Update 3CX to 20.0.6 or later", Fix(steps, "sim/call log"));
    }

    [Fact]
    public async Task JsonHasStablePropertyNamesForPbxAndInfluxTargetsAndNothingElseOnStandardOutput()
    {
        var outcome = await Check().InvokeAsync("check", "--json");

        using var doc = JsonDocument.Parse(outcome.Out);
        var root = doc.RootElement;
        Assert.Equal(["ok", "summary", "targets"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(13, root.GetProperty("summary").GetProperty("pass").GetInt32());
        Assert.Equal(["pbx", "influx"], root.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        var pbx = root.GetProperty("targets")[0];
        Assert.Equal(["kind", "name", "address", "ok", "steps"], pbx.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("sim", _sim.BaseUrl.ToString()), (pbx.GetProperty("name").GetString(), pbx.GetProperty("address").GetString()));
        Assert.Equal(["dns", "tls", "token", "version", "call log", "active calls", "queues", "users", "system status", "clock"],
            pbx.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.All(pbx.GetProperty("steps").EnumerateArray(),
            s => Assert.Equal(["step", "result", "verdict", "fix"], s.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(0, outcome.ExitCode);
    }

    [Fact]
    public async Task TheClockStepShowsTheConfiguredReportingTimeZone()
    {
        var (exitCode, steps) = await JsonAsync(Check().With("Reporting:TimeZone", "Australia/Perth"));

        Assert.Equal(0, exitCode);
        Assert.EndsWith(" Reports use Reporting:TimeZone Australia/Perth (UTC+08:00 now).", Verdict(steps, "sim/clock"));
    }

    [Fact]
    public async Task PbxOptionChecksOnlyTheNamedPbx()
    {
        var run = Check()
            .With("Pbxs:1:Name", "unreachable")
            .With("Pbxs:1:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")
            .With("Pbxs:1:ClientId", "x")
            .With("Pbxs:1:ClientSecret", "y");

        var all = await JsonAsync(run);
        var one = await JsonAsync(run, "--pbx", "SIM");

        Assert.Equal(1, all.ExitCode);
        Assert.Equal("fail", Result(all.Steps, "unreachable/token"));
        Assert.Contains("refused the connection", Verdict(all.Steps, "unreachable/token"));
        Assert.Equal("skipped", Result(all.Steps, "unreachable/clock"));
        Assert.Equal("skipped: the PBX could not be reached to read its clock (connection refused (nothing listens on that port)).", Verdict(all.Steps, "unreachable/clock"));
        Assert.Equal(0, one.ExitCode);
        Assert.DoesNotContain(one.Steps.Keys, k => k.StartsWith("unreachable/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADisabledHalfConfiguredPbxIsShownAsSkippedAndDoesNotFailTheCheck()
    {
        var (exitCode, steps) = await JsonAsync(Check().With("Pbxs:1:Name", "later").With("Pbxs:1:Enabled", "false"));

        Assert.Equal(0, exitCode);
        Assert.Equal("skipped", Result(steps, "later/configuration"));
        Assert.Equal("skipped: disabled (Pbxs:1:Enabled is false) and not fully configured", Verdict(steps, "later/configuration"));
    }
}
