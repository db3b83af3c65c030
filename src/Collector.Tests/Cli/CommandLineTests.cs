using Collector.Tests.Support;

namespace Collector.Tests.Cli;

public class CommandLineTests
{
    static CliRun OnePbx() => new CliRun()
        .With("Pbxs:0:Name", "main")
        .With("Pbxs:0:BaseUrl", "https://pbx.example.com")
        .With("Pbxs:0:ClientId", "collector")
        .With("Pbxs:0:ClientSecret", "s3cr3t-api-key-0123456789");

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData]
    public async Task ABadConfigurationValueStopsEveryVerbWithOneLineOnStandardErrorAndExitCode2(params string[] args)
    {
        var outcome = await OnePbx().With("Pbxs:0:BaseUrl", "ftp://x").InvokeAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: Pbxs:0:BaseUrl \"ftp://x\" is not an http(s) URL." + Environment.NewLine, outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Theory]
    [InlineData("--Influx:Url=ftp://override")]
    [InlineData("--Influx__Url=ftp://override")]
    [InlineData("--Influx:Url", "ftp://override")]
    public async Task AConfigurationOverrideOnTheCommandLineWinsOverTheOtherSources(params string[] overrideArgs)
    {
        var outcome = await OnePbx().With("Influx:Url", "http://127.0.0.1:8086").InvokeAsync(["check", .. overrideArgs]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: Influx:Url \"ftp://override\" is not an http(s) URL." + Environment.NewLine, outcome.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("check")]
    public async Task AnInvalidXapiClientOptionAlsoStopsWithOneLineAndExitCode2(string verb)
    {
        var outcome = await OnePbx().With("Xapi:MaxRetries", "50").InvokeAsync(verb);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: Xapi:MaxRetries 50 is out of range; use 0 to 20 retries." + Environment.NewLine, outcome.Error);
    }

    [Fact]
    public async Task AMistypedOptionIsRejectedRatherThanIgnored()
    {
        var outcome = await OnePbx().InvokeAsync("check", "--jsno");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("Unrecognised argument '--jsno'", outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task CheckingAPbxThatIsNotConfiguredNamesTheConfiguredOnes()
    {
        var outcome = await OnePbx().InvokeAsync("check", "--pbx", "north");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: --pbx \"north\" names no PBX (configured: main); use one of the Pbxs:N:Name values." + Environment.NewLine, outcome.Error);
    }

    [Theory]
    [InlineData("check")]
    [InlineData("run")]
    [InlineData("backfill", "--from", "2026-11-01", "--to", "2026-11-02")]
    [InlineData("reconcile", "--from", "2026-11-01", "--to", "2026-11-02")]
    [InlineData]
    public async Task WithNoPbxConfiguredEveryCollectingVerbStopsWithOneLineNamingTheFirstPbxsKeyAndExitCode2(params string[] args)
    {
        var outcome = await new CliRun().InvokeAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("Configuration error: Pbxs:0:BaseUrl is not set: no PBX is configured. Set Pbxs__0__Name, Pbxs__0__BaseUrl", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.Equal("", outcome.Out);
        Assert.Equal(args is ["check"], outcome.Error.Contains("collector check --influx-only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckWithInfluxOnlyNeedsNoPbxAndChecksOnlyInfluxDb()
    {
        var outcome = await new CliRun().With("Influx:Url", $"http://127.0.0.1:{FreePort.Next()}").InvokeAsync("check", "--influx-only", "--json");

        Assert.Equal(1, outcome.ExitCode);   // nothing listens there
        using var report = System.Text.Json.JsonDocument.Parse(outcome.Out);
        var targets = report.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["influx"], targets);
    }

    [Fact]
    public async Task TheWorkerWithEveryPbxDisabledStopsWithOneLineAndExitCode2()
    {
        var outcome = await OnePbx().With("Pbxs:0:Enabled", "false").InvokeAsync("run");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: Pbxs:N:Enabled is false for every PBX (main): nothing to collect; enable at least one." + Environment.NewLine, outcome.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("backfill", "--from", "2026-11-01", "--to", "2026-11-02")]
    public async Task AStateFolderThatCannotBeWrittenStopsStartUpWithOneLineThatSaysWhatToDo(params string[] args)
    {
        using var folder = new TempDirectory();
        // The database's path is a folder, so SQLite cannot open it (error 14), whoever runs the test (root included).
        var blocked = folder.File("state.db");
        Directory.CreateDirectory(blocked);
        var outcome = await OnePbx()
            .With("Pbxs:0:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")
            .With("Influx:Url", $"http://127.0.0.1:{FreePort.Next()}")
            .With("State:ConnectionString", $"Data Source={blocked}")
            .InvokeAsync(CancellationToken.None, args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"State error: cannot write the state database {blocked} (SQLite error 14", outcome.Error);
        Assert.Contains($"The folder {folder.Path} must exist or be creatable, and be writable by this user", outcome.Error);
        Assert.Contains("set State__ConnectionString to a writable file", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task AStateFolderBelowAFileStopsStartUpWithTheSameOneLine()
    {
        using var folder = new TempDirectory();
        var file = folder.File("not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        var outcome = await OnePbx()
            .With("Pbxs:0:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")
            .With("State:ConnectionString", $"Data Source={Path.Combine(file, "state.db")}")
            .InvokeAsync("run");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"State error: cannot write the state database {Path.Combine(file, "state.db")} (", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task TheWorkerLogsOneLinePerConfiguredPbxAtStartWithoutTheSecretAndStopsWhenCancelled()
    {
        using var state = new TempDirectory();
        // Nothing listens on these loopback ports: the jobs fail quietly and never leave the machine.
        var pbxUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        var run = OnePbx()
            .With("Pbxs:0:BaseUrl", pbxUrl)
            .With("Influx:Url", $"http://127.0.0.1:{FreePort.Next()}")
            .With("State:ConnectionString", $"Data Source={state.File("state.db")}")
            .With("Pbxs:1:Name", "branch").With("Pbxs:1:Enabled", "false")
            .With("Schedules:LiveSnapshotInterval", "00:00:02");
        using var stop = new CancellationTokenSource();

        var running = run.InvokeAsync(stop.Token, "run");
        await run.Logs.WaitForAsync(e => e.Message.StartsWith("State (", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        var outcome = await running;

        Assert.Equal(0, outcome.ExitCode);
        var lines = run.Logs.GetSnapshot().Select(e => e.Message).ToList();
        Assert.Contains(lines, l => l == $"PBX \"main\" at {pbxUrl} as client \"collector\", secret \"(set, 25 chars)\": live snapshot every 00:00:02, call log every 00:01:00");
        Assert.Contains(lines, l => l == "PBX \"branch\" is disabled (Pbxs:1:Enabled is false); not collecting from it");
        Assert.Contains(lines, l => l == $"State (watermarks, checkpoints, buffered points): \"SQLite file {state.File("state.db")}\"");
        Assert.DoesNotContain(run.Logs.GetSnapshot(), e => e.Text().Contains("s3cr3t", StringComparison.Ordinal));
    }
}
