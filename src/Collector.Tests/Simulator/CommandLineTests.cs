using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Simulator;

/// <summary>The built <c>threecx-simulator</c> program's command line, run as a child process.</summary>
[Trait("Category", "Slow")]
public sealed class CommandLineTests
{
    static string Line(string text) => $"threecx-simulator: {text}{Environment.NewLine}";

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task HelpListsEveryOptionWithItsEnvironmentVariableAndDefaultAndExitsZeroWithoutListening(string help)
    {
        // Were the server started, the process would not end by itself, and it would log where it listens.
        var outcome = await SimulatorProcess.RunToExitAsync(help);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Error);
        Assert.DoesNotContain("listening", outcome.Out, StringComparison.OrdinalIgnoreCase);
        var lines = outcome.Out.Split('\n');
        string[][] options =
        [
            ["--urls", "ASPNETCORE_URLS", "http://127.0.0.1:5080"],
            ["--seed", "SIM_SEED", "1"],
            ["--client-id", "SIM_CLIENT_ID", "collector"],
            ["--client-secret", "SIM_CLIENT_SECRET", "sim-secret"],
            ["--start", "SIM_START", "now"],
            ["--clock-offset", "SIM_CLOCK_OFFSET", "0"],
            ["--speed", "SIM_SPEED", "1"],
            ["--history-days", "SIM_HISTORY_DAYS", "1"],
            ["--queues", "SIM_QUEUES", "3"],
            ["--agents", "SIM_AGENTS", "12"],
            ["--calls-per-hour", "SIM_CALLS_PER_HOUR", "120"],
            ["--time-zone", "SIM_TIME_ZONE", "UTC"],
            ["--callback-share", "SIM_CALLBACK_SHARE", "0"],
        ];
        foreach (var option in options)
        {
            var line = lines.SingleOrDefault(l => l.TrimStart().StartsWith(option[0] + " ", StringComparison.Ordinal));
            Assert.True(line is not null, $"no line for {option[0]} in:\n{outcome.Out}");
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(option[1], words);
            Assert.Contains(option[2], words);
        }
        Assert.Contains("--Logging:LogLevel:Default=Warning", outcome.Out, StringComparison.Ordinal);
        foreach (var route in new[] { "/sim/clock", "/sim/truth/calls", "/sim/truth/live", "/sim/truth/agents", "/sim/truth/abandoned", "/sim/faults" })
            Assert.Contains(route, outcome.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown option --sed; did you mean --seed?", "--sed", "3")]
    [InlineData("unknown option --client_id; did you mean --client-id?", "--speed", "0", "--client_id=x")]
    [InlineData("unknown option --history; did you mean --history-days?", "--history", "2")]
    [InlineData("unknown option --verbose (see --help)", "--verbose")]
    [InlineData("unexpected argument 'seed'; options start with -- (see --help)", "seed", "3")]
    public async Task AnUnknownOptionExitsWithCode2AndOneLineNamingItAndTheClosestKnownOption(string expected, params string[] args)
    {
        var outcome = await SimulatorProcess.RunToExitAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(Line(expected), outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Theory]
    [InlineData("--speed must be a number, not 'abc'.", "--speed", "abc")]
    [InlineData("--speed must be a number, not 'abc'.", "--speed=abc")]
    [InlineData("--queues must be between 1 and 50.", "--queues", "51")]
    [InlineData("--time-zone must be an IANA time zone such as Europe/Berlin or Australia/Perth, not 'Mars/Olympus'.", "--time-zone", "Mars/Olympus")]
    [InlineData("--callback-share must be between 0 and 1.", "--callback-share", "1.5")]
    [InlineData("--seed needs a value (--seed N)", "--seed")]
    [InlineData("--seed needs a value (--seed N)", "--seed", "--speed", "1")]
    [InlineData("--Logging:LogLevel:Default needs a value (--Logging:LogLevel:Default=VALUE)", "--Logging:LogLevel:Default")]
    public async Task AMissingOrWrongValueExitsWithCode2AndOneLine(string expected, params string[] args)
    {
        var outcome = await SimulatorProcess.RunToExitAsync(args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(Line(expected), outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task APortInUseExitsWithCode2AndOneLineNamingThePortWithoutAStackTrace()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var outcome = await SimulatorProcess.RunToExitAsync("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(Line($"port {port} is in use (http://127.0.0.1:{port}); choose another with --urls http://127.0.0.1:PORT"), outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task TheSimulatorTakesSimVariablesBothOptionFormsAndConfigurationOverrides()
    {
        var environment = new Dictionary<string, string> { ["SIM_START"] = "2026-11-23T10:00:00Z", ["SIM_SPEED"] = "7" };
        await using var sim = await SimulatorProcess.StartAsync(environment,
            "--urls=http://127.0.0.1:0", "--speed", "0", "--history-days=0",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information");

        using var clock = JsonDocument.Parse(await sim.Http.GetStringAsync("sim/clock"));
        Assert.Equal("2026-11-23T10:00:00Z", clock.RootElement.GetProperty("now").GetString());
        Assert.Equal(0, clock.RootElement.GetProperty("speed").GetDouble());   // the command line wins over SIM_SPEED
    }

    [Fact]
    public void BuildingTheSimulatorInProcessRejectsAMisspeltOption()
    {
        var e = Assert.Throws<ArgumentException>(() => global::Simulator.SimulatorApp.Build(["--urls", "http://127.0.0.1:0", "--agnets", "4"]));
        Assert.Equal("unknown option --agnets; did you mean --agents?", e.Message);
    }
}
