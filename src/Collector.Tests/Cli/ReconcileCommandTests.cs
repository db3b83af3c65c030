using Collector.Tests.Grafana.Support;
using Collector.Tests.Support;

namespace Collector.Tests.Cli;

/// <summary><c>collector reconcile</c>'s arguments: plain one-line errors and exit codes before anything is read.</summary>
public sealed class ReconcileCommandTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 24, 0, 30, 0, TimeSpan.Zero);

    static CliRun OnePbx() => new CliRun { Time = new ShiftedTimeProvider(Now - DateTimeOffset.UtcNow) }
        .With("Pbxs:0:Name", "main")
        .With("Pbxs:0:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")
        .With("Pbxs:0:ClientId", "collector")
        .With("Pbxs:0:ClientSecret", "s3cr3t-api-key-0123456789");

    [Theory]
    [InlineData("2026-13-01", "2026-11-02", "--from \"2026-13-01\" is not a date; write yyyy-MM-dd (a UTC day).")]
    [InlineData("2026-11-01", "yesterday", "--to \"yesterday\" is not a date; write yyyy-MM-dd (a UTC day).")]
    [InlineData("2026-11-05", "2026-11-02", "--to (2026-11-02) must not be before --from (2026-11-05).")]
    [InlineData("2025-01-01", "2026-11-02", "--from 2025-01-01 --to 2026-11-02 spans 671 days; compare at most 366 at once.")]
    public async Task ABadRangeIsOneLineOnStandardErrorAndExitCode1(string from, string to, string message)
    {
        var outcome = await OnePbx().InvokeAsync("reconcile", "--from", from, "--to", to);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(message + Environment.NewLine, outcome.Error);
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task DaysThatAreNotFinishedAreLeftOutAndWhenNoneIsLeftNothingIsReadAndTheExitCodeIs1()
    {
        var outcome = await OnePbx().InvokeAsync("reconcile", "--from", "2026-11-23", "--to", "2026-11-24");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal("Left out, not finished yet (a day counts once it ended 01:00:00 ago, Reconcile:SettleDelay): 2026-11-23, 2026-11-24." + Environment.NewLine, outcome.Out);
    }

    [Fact]
    public async Task APbxThatIsNotConfiguredIsAConfigurationErrorWithExitCode2()
    {
        var outcome = await OnePbx().InvokeAsync("reconcile", "--from", "2026-11-20", "--to", "2026-11-21", "--pbx", "north");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("Configuration error: --pbx \"north\" names no PBX (configured: main)", outcome.Error);
    }
}
