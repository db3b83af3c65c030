using Collector.CallLog.Backfill;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.Tests.CallLog.Sync;
using Collector.Tests.EndToEnd;
using Collector.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Collector.Tests.CallLog.Backfill;

/// <summary><c>collector backfill</c> run in-process as a user types it, against the simulator.</summary>
[Collection(InfluxCollection.Name)]
public class BackfillCommandTests(InfluxFixture influx)
{
    /// <summary>For the tests that count writes: each window's points written on their own (a backfill batches them otherwise).</summary>
    static readonly BackfillBatching EachWindowWritten = new() { PointsPerWrite = 1 };

    /// <summary>This machine's clock as the verb sees it: the simulated PBX's now, whatever the real date.</summary>
    static readonly DateTimeOffset SimStart = new(2026, 11, 19, 12, 0, 0, TimeSpan.Zero);

    static Task<SimulatorHost> SmallPbxAsync() =>
        SimulatorHost.StartAsync("--seed", "2", "--speed", "0", "--start", "2026-11-19T12:00:00Z", "--history-days", "1");

    CliRun Cli(SimulatorHost sim, TempDirectory folder, Action<IServiceCollection>? services = null) =>
        new CliRun { ConfigureServices = services, Time = new FakeTimeProvider(SimStart) }
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, $"cli_{Guid.NewGuid():N}", $"Data Source={folder.File("state.db")}"));

    [Fact]
    public async Task RedirectedOutputGetsTheUtcRangeOneLinePerWindowAndASummary()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();

        var outcome = await Cli(sim, folder).InvokeAsync("backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T09:00:00+01:00", "--window", "00:30:00");

        Assert.True(outcome.ExitCode == 0, outcome.Out + outcome.Error);
        var lines = outcome.Out.Trim().Split('\n');
        Assert.Equal("Backfilling PBX sim: calls that started from 2026-11-19 06:00:00Z to 2026-11-19 08:00:00Z (UTC), 4 windows of 00:30:00.", lines[0]);
        Assert.StartsWith("sim [1/4] 2026-11-19 06:00:00Z to 2026-11-19 06:30:00Z: ", lines[1]);
        Assert.Matches(@"^sim \[4/4\] 2026-11-19 07:30:00Z to 2026-11-19 08:00:00Z: \d+ rows, \d+ calls, \d+ points; [\d,]+ rows/s, ETA 00:00:00$", lines[4]);
        Assert.Matches(@"^PBX sim: done, 4 of 4 windows, [\d,]+ rows, [\d,]+ calls, [\d,]+ points in \d\d:\d\d:\d\d \([\d,]+ rows/s\)\.$", lines[5]);
        Assert.Equal(6, lines.Length);
        Assert.Equal("", outcome.Error);
    }

    [Theory]
    [InlineData(new[] { "--from", "19.11.2026", "--to", "2026-11-19" }, "--from \"19.11.2026\" is not a date; write yyyy-MM-dd")]
    [InlineData(new[] { "--from", "2026-11-19", "--to", "2026-11-18" }, "--to (2026-11-19 00:00:00Z) must be after --from (2026-11-19 00:00:00Z).")]
    [InlineData(new[] { "--from", "2026-11-18", "--to", "2026-11-19", "--window", "30" }, "--window \"30\" is not a duration; write hh:mm:ss")]
    [InlineData(new[] { "--from", "2026-11-18", "--to", "2026-11-19", "--window", "00:00:10" }, "--window 00:00:10 is out of range; use 00:01:00 to 1.00:00:00.")]
    [InlineData(new[] { "--from", "2999-01-01", "--to", "2999-01-02" }, "--from (2999-01-01 00:00:00Z) is not in the past; there is no history to pull yet.")]
    public async Task ABadArgumentStopsWithOneLineAndExitCode1(string[] args, string expected)
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();

        var outcome = await Cli(sim, folder).InvokeAsync(["backfill", .. args]);

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith(expected, outcome.Error, StringComparison.Ordinal);
        Assert.Single(outcome.Error.Trim().Split('\n'));
        Assert.Equal("", outcome.Out);
    }

    [Fact]
    public async Task AnUnknownPbxIsAConfigurationErrorWithExitCode2()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();

        var outcome = await Cli(sim, folder).InvokeAsync("backfill", "--from", "2026-11-18", "--to", "2026-11-19", "--pbx", "branch");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("Configuration error: --pbx \"branch\" names no PBX (configured: sim); use one of the Pbxs:N:Name values." + Environment.NewLine, outcome.Error);
    }

    [Fact]
    public async Task RunningAFinishedRangeAgainSaysItIsAlreadyDoneAndRestartPullsItAgain()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();
        var writer = new RecordingWriter();
        var cli = Cli(sim, folder, services => services.AddSingleton<IInfluxWriter>(writer));
        string[] args = ["backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T08:00"];
        Assert.Equal(0, (await cli.InvokeAsync(args)).ExitCode);
        var written = writer.Lines.Count;
        Assert.True(written > 0);

        var again = await cli.InvokeAsync(args);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("PBX sim: 2026-11-19 06:00:00Z to 2026-11-19 08:00:00Z (UTC) was already backfilled completely; nothing to do. Add --restart to pull it again.",
            again.Out.Trim());
        Assert.Equal(written, writer.Lines.Count);

        var restarted = await cli.InvokeAsync([.. args, "--restart"]);

        Assert.Equal(0, restarted.ExitCode);
        Assert.Contains("PBX sim: done, 2 of 2 windows", restarted.Out, StringComparison.Ordinal);
        Assert.Equal(2 * written, writer.Lines.Count);
    }

    [Fact]
    public async Task InterruptedItExits130AndTheSameCommandResumesAfterTheLastFinishedWindow()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();
        using var interrupt = new CancellationTokenSource();
        var writer = new CancellingWriter(afterWrites: 2, interrupt);
        string[] args = ["backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T10:00", "--pbx", "SIM"];
        var cli = Cli(sim, folder, services => services.AddSingleton<IInfluxWriter>(writer).AddSingleton(EachWindowWritten));

        var first = await cli.InvokeAsync(interrupt.Token, args);

        Assert.Equal(130, first.ExitCode);
        Assert.Contains("PBX sim: interrupted after 2 of 4 windows", first.Out, StringComparison.Ordinal);
        Assert.Contains("run the same command again to resume.", first.Out, StringComparison.Ordinal);

        var second = await cli.InvokeAsync(args);

        Assert.Equal(0, second.ExitCode);
        Assert.Contains("Resuming an interrupted run from 2026-11-19 08:00:00Z.", second.Out, StringComparison.Ordinal);
        Assert.Contains("PBX sim: done, 2 of 2 windows", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartIgnoresTheCheckpointOfAnInterruptedRun()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();
        using var interrupt = new CancellationTokenSource();
        var cli = Cli(sim, folder, services => services.AddSingleton<IInfluxWriter>(new CancellingWriter(afterWrites: 1, interrupt)).AddSingleton(EachWindowWritten));
        string[] args = ["backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T10:00"];
        Assert.Equal(130, (await cli.InvokeAsync(interrupt.Token, args)).ExitCode);

        var again = await cli.InvokeAsync([.. args, "--restart"]);

        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("Resuming", again.Out, StringComparison.Ordinal);
        Assert.Contains("4 windows of 01:00:00.", again.Out, StringComparison.Ordinal);
        Assert.Contains("PBX sim: done, 4 of 4 windows", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureStopsWithOneClearLineAndExitCode1AndKeepsTheFinishedWindows()
    {
        await using var sim = await SmallPbxAsync();
        using var folder = new TempDirectory();
        var writer = new RecordingWriter { FailFromWrite = 2 };
        string[] args = ["backfill", "--from", "2026-11-19T06:00", "--to", "2026-11-19T10:00"];

        var failed = await Cli(sim, folder, services => services.AddSingleton<IInfluxWriter>(writer).AddSingleton(EachWindowWritten)).InvokeAsync(args);

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("PBX sim: backfill failed: InfluxDB is down (test). Finished windows are kept; run the same command again to resume.", failed.Out, StringComparison.Ordinal);
        Assert.Contains("sim [1/4]", failed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sim [2/4]", failed.Out, StringComparison.Ordinal);
    }

    /// <summary>Writes nothing, and after <paramref name="afterWrites"/> writes asks the run to stop (as Ctrl-C does).</summary>
    sealed class CancellingWriter(int afterWrites, CancellationTokenSource interrupt) : IInfluxWriter
    {
        int _writes;

        public InfluxWriterCounters Counters { get; } = new();

        public Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken)
        {
            if (++_writes == afterWrites)
                interrupt.Cancel();
            return Task.FromResult(new InfluxWriteResult(lines.Count, 0, 1));
        }

        public Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken) => WriteAsync(lines, cancellationToken);
    }
}
