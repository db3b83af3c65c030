using System.Text;
using System.Text.Json;
using Collector.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// A PBX (or a proxy, or an error page in front of it) that echoes the request: the simulator's <c>echo</c> fault puts
/// the form (with the client secret) and the <c>Authorization</c> header (with the bearer token) into its error messages
/// and success bodies. Whatever the collector shows, logs or stores — <c>check</c>'s table and JSON, <c>backfill</c>'s
/// output, the worker's log lines, the <c>collector</c> points in InfluxDB and the state database — holds neither.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class SecretEchoTests(InfluxFixture influx)
{
    /// <summary>Every token the simulator issues is a JWT that starts with this header (<c>{"alg":"HS256","typ":"JWT"}</c>).</summary>
    const string TokenStart = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

    const string WrongSecret = "wrong-secret-4712-for-echo";

    static void AssertShowsNoSecret(string text, SimulatorHost sim, string where)
    {
        Assert.False(text.Contains(sim.ClientSecret, StringComparison.Ordinal), $"{where} shows the client secret:\n{text}");
        Assert.False(text.Contains(WrongSecret, StringComparison.Ordinal), $"{where} shows the (wrong) client secret:\n{text}");
        Assert.False(text.Contains(TokenStart, StringComparison.Ordinal), $"{where} shows a bearer token:\n{text}");
    }

    static object EchoWithFailures(params object[] rules) => new { echo = true, rules };

    [Fact]
    public async Task CheckShowsNeitherTheSecretNorTheTokenInItsTableOrItsJson()
    {
        await using var sim = await SimulatorHost.StartAsync();
        await sim.SetFaultsAsync(EchoWithFailures(new { route = "users", status = 403 }, new { route = "calllog", status = 404 }));
        var cli = new CliRun()
            .With("Pbxs:0:Name", "sim").With("Pbxs:0:BaseUrl", sim.BaseUrl.ToString())
            .With("Pbxs:0:ClientId", sim.ClientId).With("Pbxs:0:ClientSecret", sim.ClientSecret)
            .With("Pbxs:1:Name", "wrong").With("Pbxs:1:BaseUrl", sim.BaseUrl.ToString())
            .With("Pbxs:1:ClientId", sim.ClientId).With("Pbxs:1:ClientSecret", WrongSecret)
            .With("Influx:Url", influx.Server.Url.ToString()).With("Influx:Database", $"echo_{Guid.NewGuid():N}");

        var table = await cli.InvokeAsync("check");
        var json = await cli.InvokeAsync("check", "--json");

        Assert.Equal((1, 1), (table.ExitCode, json.ExitCode));
        AssertShowsNoSecret(table.Out + table.Error, sim, "check's table");
        AssertShowsNoSecret(json.Out + json.Error, sim, "check --json");
        // The echoes are there, masked: the failures' verdicts quote the PBX.
        using var report = JsonDocument.Parse(json.Out);
        var verdicts = report.RootElement.GetProperty("targets").EnumerateArray()
            .SelectMany(t => t.GetProperty("steps").EnumerateArray().Select(s => (Target: t.GetProperty("name").GetString(), Step: s.GetProperty("step").GetString(), Verdict: s.GetProperty("verdict").GetString()!)))
            .ToList();
        Assert.Contains("Echo: Authorization: Bearer *** GET /xapi/v1/Users", verdicts.Single(v => v is { Target: "sim", Step: "users" }).Verdict);
        Assert.Contains("client_secret=***&grant_type=client_credentials", verdicts.Single(v => v is { Target: "wrong", Step: "token" }).Verdict);
        Assert.Contains("Echo: Authorization: Bearer", table.Out);
    }

    [Fact]
    public async Task BackfillOutputShowsNeitherTheSecretNorTheToken()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "2", "--speed", "0", "--start", "2026-11-19T12:00:00Z", "--history-days", "1");
        await sim.SetFaultsAsync(EchoWithFailures(new { route = "calllog", status = 403 }));
        using var folder = new TempDirectory();
        CliRun Cli(string secret) => new CliRun { Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero)) }
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, $"echo_{Guid.NewGuid():N}", $"Data Source={folder.File("state.db")}"))
            .With("Pbxs:0:ClientSecret", secret);

        var wrongSecret = await Cli(WrongSecret).InvokeAsync("backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T08:00");
        var apiError = await Cli(sim.ClientSecret).InvokeAsync("backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T08:00", "--json");

        Assert.Equal((1, 1), (wrongSecret.ExitCode, apiError.ExitCode));
        Assert.Contains("backfill failed: 3CX refused the client ID or secret", wrongSecret.Out);
        Assert.Contains("client_secret=***", wrongSecret.Out);
        Assert.Contains("Bearer ***", apiError.Out);
        AssertShowsNoSecret(wrongSecret.Out + wrongSecret.Error, sim, "backfill's output");
        AssertShowsNoSecret(apiError.Out + apiError.Error, sim, "backfill --json");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task TheWorkersLogTheCollectorPointsInInfluxDbAndTheStateDatabaseHoldNeitherTheSecretNorTheToken()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "4", "--speed", "1", "--history-days", "1", "--queues", "2", "--agents", "6");
        // Two token answers fail and are retried (the retries are logged with the echoed form), every call-log read
        // and every Users read fails with the echoed Authorization header, and a second PBX's secret is refused.
        await sim.SetFaultsAsync(EchoWithFailures(
            new { route = "token", status = 503, times = 2 },
            new { route = "calllog", status = 403 },
            new { route = "users", status = 403 }));
        var database = $"echo_{Guid.NewGuid():N}";
        using var folder = new TempDirectory("echo");
        var state = folder.File("state.db");
        var cli = new CliRun()
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, database, $"Data Source={state}"))
            .With("Pbxs:1:Name", "wrong").With("Pbxs:1:BaseUrl", sim.BaseUrl.ToString())
            .With("Pbxs:1:ClientId", sim.ClientId).With("Pbxs:1:ClientSecret", WrongSecret)
            .With("Schedules:CallLogSyncInterval", "00:00:01")
            .With("Schedules:LiveSnapshotInterval", "00:00:01");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var worker = cli.InvokeAsync(stop.Token, "run");
        await sim.WaitForRequestsAsync("/xapi/v1/ReportCallLogData", 3, TimeSpan.FromSeconds(60));
        await cli.Logs.WaitForAsync(r => r.Message.Contains("Live snapshot of PBX", StringComparison.Ordinal) && r.Message.Contains("Users", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await cli.Logs.WaitForAsync(r => r.Message.Contains("wrong", StringComparison.Ordinal) && r.Message.Contains("call-log sync failed", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var outcome = await worker;   // the worker's last outbox flush sends the run points still waiting

        // The log: every line, exceptions included; the echoes are in it, masked.
        var log = string.Join('\n', cli.Logs.GetSnapshot().Select(r => r.Text()));
        AssertShowsNoSecret(log + outcome.Out + outcome.Error, sim, "the worker's log");
        Assert.Contains("client_secret=***", log);
        Assert.Contains("Authorization: Bearer ***", log);

        // The collector points in InfluxDB (and so on the dashboards).
        var errors = await ErrorsAsync(database);
        Assert.Contains(errors, e => e.Pbx == "sim" && e.Error.Contains("Authorization: Bearer ***", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Pbx == "wrong" && e.Error.Contains("client_secret=***", StringComparison.Ordinal));
        AssertShowsNoSecret(string.Join('\n', errors.Select(e => e.Error)), sim, "the collector points in InfluxDB");

        // The state database, byte for byte (deleted outbox rows included: SQLite keeps their pages until reused).
        foreach (var file in new[] { state, state + "-wal", state + "-journal" }.Where(File.Exists))
            AssertShowsNoSecret(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)), sim, Path.GetFileName(file));
    }

    async Task<List<(string Pbx, string Error)>> ErrorsAsync(string database)
    {
        var answer = await influx.Server.QueryAsync(database, "SELECT \"error\", \"pbx\" FROM \"collector\" WHERE \"result\" = 'error'");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        return series[0].GetProperty("values").EnumerateArray()
            .Where(row => row[1].ValueKind == JsonValueKind.String)
            .Select(row => (row[2].GetString()!, row[1].GetString()!))
            .ToList();
    }
}
