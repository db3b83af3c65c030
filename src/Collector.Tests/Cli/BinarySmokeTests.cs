using System.Diagnostics;
using System.Text.Json;
using Collector.Tests.Support;

namespace Collector.Tests.Cli;

/// <summary>The built <c>collector</c> program, run as a user would run it, configured through environment variables.</summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public class BinarySmokeTests(InfluxFixture influx)
{
    [Fact]
    public async Task TheBuiltCollectorChecksTheSimulatorAndInfluxdFromEnvironmentVariablesAndExitsZero()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "collector.dll"), "check", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Pbxs__0__Name"] = "sim",
                ["Pbxs__0__BaseUrl"] = sim.BaseUrl.ToString(),
                ["Pbxs__0__ClientId"] = sim.ClientId,
                ["Pbxs__0__ClientSecret"] = sim.ClientSecret,
                ["Influx__Url"] = influx.Server.Url.ToString(),
                ["Influx__Database"] = $"smoke_{Guid.NewGuid():N}",
            },
        };

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        using var report = JsonDocument.Parse(await stdout);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(13, report.RootElement.GetProperty("summary").GetProperty("pass").GetInt32());
        Assert.Equal("", await stderr);
    }

    [Fact]
    public async Task TheBuiltCollectorStopsOnABadValueWithOneLineAndExitCode2()
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "collector.dll"), "check"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Production", ["Sla__ThresholdSeconds"] = "twenty" },
        };

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("Configuration error: Sla:ThresholdSeconds \"twenty\" is not a whole number of seconds.\n", stderr);
        Assert.Equal("", stdout);
    }
}
