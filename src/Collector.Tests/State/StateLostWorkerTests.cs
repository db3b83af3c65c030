using Collector.Tests.EndToEnd;
using Collector.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Collector.Tests.State;

/// <summary>
/// <c>collector run</c> whose SQLite state file is deleted while it works: it stops by itself with exit code 2 and one line
/// that says what happened and where its watermark was, rather than going on into a file nobody can open again; started
/// again, it warns loudly that it begins from an empty state instead of doing so silently.
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed class StateLostWorkerTests(InfluxFixture influx)
{
    [Fact]
    public async Task TheWorkerWhoseStateFileIsDeletedStopsWithExitCode2AndTheLastWatermarkAndWarnsWhenStartedOnANewOne()
    {
        await using var sim = await SimulatorHost.StartAsync("--seed", "5", "--speed", "1", "--history-days", "0.2", "--calls-per-hour", "300");
        using var folder = new TempDirectory("state-lost-worker");
        var file = folder.File("state.db");
        CliRun Worker() => new CliRun()
            .WithAll(PipelineKit.SettingsFor(sim, influx.Server, $"state_lost_{Guid.NewGuid():N}", $"Data Source={file}"))
            .With("Schedules:CallLogSyncInterval", "00:00:01")
            .With("CallLog:InitialLookback", "02:00:00");

        var first = Worker();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var running = first.InvokeAsync(guard.Token, "run");
        await first.Logs.WaitForAsync(r => r.Message.Contains("call log synced", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        File.Delete(file);
        var outcome = await running;

        Assert.False(guard.IsCancellationRequested, "the worker did not stop by itself after its state file was deleted");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"State error: the state database {file} was deleted or moved away while the collector was running.", outcome.Error);
        Assert.Contains("Last watermarks before the failure: PBX sim calllog ", outcome.Error);
        Assert.False(File.Exists(file), "the worker made a new, empty state database in place of the deleted one");

        var second = Worker();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var again = second.InvokeAsync(stop.Token, "run");
        var warning = await second.Logs.WaitForAsync(r => r.Level == LogLevel.Warning && r.Message.Contains("watermark in the state database", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        Assert.Equal(0, (await again).ExitCode);
        Assert.Contains("which was created empty at this start", warning.Message);
        Assert.Contains("collector backfill", warning.Message);
    }
}
