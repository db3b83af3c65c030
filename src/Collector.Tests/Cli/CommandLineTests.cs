using Collector.Tests.Support;
using Serilog.Core;
using Serilog.Events;

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
        Assert.Equal("Configuration error: Xapi:MaxRetries must be between 0 and 20 (was 50)." + Environment.NewLine, outcome.Error);
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
        Assert.Equal("No PBX is named \"north\" (configured: main)." + Environment.NewLine, outcome.Error);
    }

    [Fact]
    public async Task TheWorkerLogsOneLinePerConfiguredPbxAtStartWithoutTheSecretAndStopsWhenCancelled()
    {
        var sink = new CollectingSink();
        using var state = new TempDirectory();
        // Nothing listens on these loopback ports: the jobs fail quietly and never leave the machine.
        var pbxUrl = $"http://127.0.0.1:{FreePort.Next()}/";
        var run = OnePbx()
            .With("Pbxs:0:BaseUrl", pbxUrl)
            .With("Influx:Url", $"http://127.0.0.1:{FreePort.Next()}")
            .With("State:ConnectionString", $"Data Source={state.File("state.db")}")
            .With("Pbxs:1:Name", "branch").With("Pbxs:1:Enabled", "false")
            .With("Schedules:LiveSnapshotInterval", "00:00:02");
        run = new CliRun { ConfigureLogging = logger => logger.WriteTo.Sink(sink) }.WithAll(run.Settings);
        using var stop = new CancellationTokenSource();

        var running = run.InvokeAsync(stop.Token, "run");
        await sink.WaitForAsync(e => e.RenderMessage().StartsWith("InfluxDB at", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        var outcome = await running;

        Assert.Equal(0, outcome.ExitCode);
        var lines = sink.Messages;
        Assert.Contains(lines, l => l == $"PBX \"main\" at {pbxUrl} as client \"collector\", secret \"(set, 25 chars)\": live snapshot every 00:00:02, call log every 00:01:00");
        Assert.Contains(lines, l => l == "PBX \"branch\" is disabled (Pbxs:1:Enabled is false); not collecting from it");
        Assert.DoesNotContain(lines, l => l.Contains("s3cr3t", StringComparison.Ordinal));
    }

    sealed class CollectingSink : ILogEventSink
    {
        readonly List<LogEvent> _events = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_events) return _events.Select(e => e.RenderMessage()).ToList();
            }
        }

        public void Emit(LogEvent logEvent)
        {
            lock (_events) _events.Add(logEvent);
        }

        public async Task WaitForAsync(Func<LogEvent, bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                lock (_events)
                    if (_events.Any(match)) return;
                await Task.Delay(20);
            }
            throw new TimeoutException($"No matching log event within {timeout}; got: {string.Join(" | ", Messages)}");
        }
    }
}
