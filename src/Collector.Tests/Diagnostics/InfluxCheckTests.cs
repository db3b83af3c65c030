using System.Text.Json;
using Collector.Configuration;
using Collector.Diagnostics;
using Collector.Diagnostics.Influx;
using Collector.Influx.Writing;
using Microsoft.Extensions.Logging.Abstractions;
using Collector.Tests.Support;

namespace Collector.Tests.Diagnostics;

[Collection(InfluxCollection.Name)]
public class InfluxCheckTests(InfluxFixture influx)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The check's context as <c>collector check</c> builds it: the worker's writer, answering at once (no retries).</summary>
    internal static InfluxCheckContext Context(InfluxOptions options, HttpClient http)
    {
        options.MaxRetries = 0;
        options.RequestTimeout = Timeout;
        return new InfluxCheckContext(options, http, new InfluxWriter(http, options, TimeProvider.System, NullLogger<InfluxWriter>.Instance), TimeProvider.System);
    }

    static async Task<CheckTargetReport> CheckAsync(InfluxOptions options)
    {
        using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        return await InfluxCheck.RunAsync(Context(options, http), CancellationToken.None);
    }

    static string UniqueDatabase() => $"check_{Guid.NewGuid():N}";

    [Fact]
    public async Task PingWriteAndQueryPassAgainstARealInfluxdAndTheMissingDatabaseIsCreated()
    {
        var database = UniqueDatabase();

        var report = await CheckAsync(new InfluxOptions { Url = influx.Server.Url, Database = database });

        Assert.Equal(["ping", "write", "query"], report.Steps.Select(s => s.Step));
        Assert.All(report.Steps, s => Assert.Equal(CheckOutcome.Pass, s.Outcome));
        Assert.StartsWith("InfluxDB 1.", report.Steps[0].Verdict);
        Assert.Equal($"Wrote one collector_check point to database {database} (created the database: it did not exist).", report.Steps[1].Verdict);
        var stored = await influx.Server.QueryAsync(database, "SELECT count(\"probe\") FROM \"collector_check\"");
        Assert.Equal(1, stored.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")[0][1].GetInt32());
    }

    [Fact]
    public async Task ASecondCheckWritesIntoTheExistingDatabaseWithoutCreatingItAgain()
    {
        var options = new InfluxOptions { Url = influx.Server.Url, Database = UniqueDatabase() };
        await CheckAsync(options);

        var report = await CheckAsync(options);

        Assert.Equal($"Wrote one collector_check point to database {options.Database}.", report.Steps[1].Verdict);
        Assert.False(report.Failed);
    }

    [Fact]
    public async Task AClosedPortFailsThePingSaysNothingAnswersAndSkipsTheRest()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var report = await CheckAsync(new InfluxOptions { Url = url });

        Assert.True(report.Failed);
        Assert.Equal(new CheckResult("ping", CheckOutcome.Fail,
            $"Cannot reach InfluxDB at {url}: connection refused (nothing listens on that port).",
            "Start InfluxDB (Debian: apt-get install influxdb; Docker: docker compose up -d influxdb) or correct Influx__Url."),
            report.Steps[0]);
        Assert.Equal([CheckOutcome.Skipped, CheckOutcome.Skipped], report.Steps.Skip(1).Select(s => s.Outcome));
        Assert.Equal("skipped: the ping step failed", report.Steps[2].Verdict);
    }

    [Theory]
    [InlineData(InfluxApiVersion.V2)]
    [InlineData(InfluxApiVersion.V3)]
    public async Task ConfiguringANewerApiAgainstInfluxDb1SaysToSetApiVersionV1(InfluxApiVersion version)
    {
        var report = await CheckAsync(new InfluxOptions
        {
            Url = influx.Server.Url, ApiVersion = version, Org = "acme", Bucket = "calls", Token = "t",
        });

        var ping = report.Steps[0];
        Assert.Equal(CheckOutcome.Fail, ping.Outcome);
        Assert.Contains($"but Influx:ApiVersion is {version.ToString().ToLowerInvariant()}; InfluxDB 1.x speaks only the v1 API", ping.Verdict);
        Assert.StartsWith("Set Influx__ApiVersion=v1", ping.Fix);
    }

    [Fact]
    public async Task TheWriteStepAloneExplainsAnApiThatTheServerDoesNotHave()
    {
        using var http = new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var context = Context(
            new InfluxOptions { Url = influx.Server.Url, ApiVersion = InfluxApiVersion.V2, Org = "acme", Bucket = "calls", Token = "t" }, http);

        var result = await new InfluxWriteStep().RunAsync(context, CancellationToken.None);

        Assert.Equal(CheckOutcome.Fail, result.Outcome);
        Assert.StartsWith($"InfluxDB at {influx.Server.Url.ToString().TrimEnd('/')} has no /api/v2/write (HTTP 404).", result.Verdict);
        Assert.Equal("Check Influx:Url and Influx:ApiVersion (v2).", result.Fix);
    }

    [Fact]
    public async Task CheckJsonReportsInfluxStepsWithStablePropertyNamesAndNothingElseOnStandardOutput()
    {
        var outcome = await new CliRun()
            .With("Influx:Url", influx.Server.Url.ToString())
            .With("Influx:Database", UniqueDatabase())
            .InvokeAsync("check", "--influx-only", "--json");

        using var json = JsonDocument.Parse(outcome.Out);   // throws if anything but JSON is on stdout
        var root = json.RootElement;
        Assert.Equal(["ok", "summary", "targets"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["pass", "warn", "fail", "skipped"], root.GetProperty("summary").EnumerateObject().Select(p => p.Name));
        var target = root.GetProperty("targets")[0];
        Assert.Equal(["kind", "name", "address", "ok", "steps"], target.EnumerateObject().Select(p => p.Name));
        Assert.Equal("influx", target.GetProperty("kind").GetString());
        var step = target.GetProperty("steps")[0];
        Assert.Equal(["step", "result", "verdict", "fix"], step.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["pass", "pass", "pass"], target.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("result").GetString()));
        Assert.True(root.GetProperty("ok").GetBoolean());
        Assert.Equal(0, outcome.ExitCode);
    }
}
