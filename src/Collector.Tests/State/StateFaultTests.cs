using Collector.Configuration;
using Collector.State;
using Collector.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

/// <summary>
/// The state database on a full disk, on a read-only mount, deleted while in use, or corrupt, with real SQLite files (and,
/// where mounting is permitted, a real tmpfs and a real read-only bind mount): a clear line naming the file, nothing
/// InfluxDB acknowledged lost (the watermark stays readable), and never a silent restart from an empty state.
/// </summary>
public sealed class StateFaultTests
{
    static readonly CancellationToken None = CancellationToken.None;

    static StateOptions FileIn(string folder) => new() { ConnectionString = $"Data Source={System.IO.Path.Combine(folder, "state.db")}" };

    static (StateStore Store, FakeLogCollector Logs) OpenLogged(StateOptions options)
    {
        var logs = new FakeLogCollector();
        var factory = LoggerFactory.Create(builder => builder.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        return (new StateStore(options, new FakeTimeProvider(Now), factory), logs);
    }

    static CliRun Worker(string stateFile) => new CliRun()
        .With("Pbxs:0:Name", "main")
        .With("Pbxs:0:BaseUrl", $"http://127.0.0.1:{FreePort.Next()}/")   // nothing listens: start-up stops before any job runs
        .With("Pbxs:0:ClientId", "collector")
        .With("Pbxs:0:ClientSecret", "s3cr3t-api-key-0123456789")
        .With("Influx:Url", $"http://127.0.0.1:{FreePort.Next()}")
        .With("State:ConnectionString", $"Data Source={stateFile}");

    static async Task WriteKnownStateAsync(StateOptions options)
    {
        await using var store = Open(options);
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now, None);
        for (var i = 0; i < 40; i++)   // enough pages that damage in the middle of the file hits a table's page
            await store.Outbox.EnqueueAsync("main", OutboxKind.CallLog, $"call,pbx=main call_id=\"{i}\",pad=\"{new string('x', 2000)}\" {i}", None);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("backfill", "--from", "2026-11-01", "--to", "2026-11-02")]
    public async Task AStateFileOfGarbageStopsStartUpWithALineThatNamesItSaysHowToRecoverAndLeavesTheFileAsItWas(params string[] args)
    {
        using var folder = new TempDirectory("state-corrupt");
        var file = folder.File("state.db");
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(file, garbage);

        var outcome = await Worker(file).InvokeAsync(None, args);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"State error: the state database {file} is corrupt (SQLite error 26: ", outcome.Error);
        Assert.Contains("does not start again from an empty state on its own", outcome.Error);
        Assert.Contains($"mv {file} {file}.corrupt", outcome.Error);
        Assert.Contains("CallLog__InitialLookback", outcome.Error);
        Assert.Contains("collector backfill --from DATE --to now", outcome.Error);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task DamageInTheMiddleOfTheStateFileIsFoundAtStartNotWhenAJobFirstReadsThatPage()
    {
        using var folder = new TempDirectory("state-damaged");
        var options = FileIn(folder.Path);
        await WriteKnownStateAsync(options);
        SqliteConnection.ClearAllPools();   // the last connection closes and checkpoints the WAL into the file
        var file = folder.File("state.db");
        await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.Position = 8 * 4096;   // page 9 of 4 KiB pages: inside the outbox's rows
            stream.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        await using var store = Open(options);
        var error = await Assert.ThrowsAsync<StateUnavailableException>(() => StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None));

        Assert.Equal(StateFaultKind.Corrupt, error.Kind);
        Assert.StartsWith($"State error: the state database {file} is corrupt (SQLite error 11: ", error.Message);
        Assert.Contains("move the file aside", error.Message);
    }

    [Fact]
    public async Task DamageMetWhileTheWorkerRunsIsFatalWithTheCorruptLineAndTheLastWatermarks()
    {
        using var folder = new TempDirectory("state-damaged-later");
        var options = FileIn(folder.Path);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now, None);
        var damage = new SqliteException("SQLite Error 11: 'database disk image is malformed'.", 11);

        var error = await Assert.ThrowsAsync<StateUnavailableException>(() => store.Health.GuardAsync(() => Task.FromException(damage), None));

        Assert.Equal(StateFaultKind.Corrupt, error.Kind);
        Assert.StartsWith($"State error: the state database {folder.File("state.db")} is corrupt (SQLite error 11: 'database disk image is malformed'", error.Message);
        Assert.Equal(StateFaultKind.Corrupt, (await store.Health.Fatal).Kind);
        Assert.EndsWith("Last watermarks before the failure: PBX main calllog 2026-11-23T10:00:00Z.", store.Health.FatalError!.Message);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Critical && r.Message.Contains("is corrupt", StringComparison.Ordinal));
        Assert.Equal(1, store.Health.FailedOperations);
    }

    [Fact]
    public async Task AStateFileDeletedWhileInUseFailsTheNextWriteWithALineThatSaysSoAndNoEmptyDatabaseTakesItsPlace()
    {
        using var folder = new TempDirectory("state-deleted");
        var options = FileIn(folder.Path);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now, None);
        var file = folder.File("state.db");

        File.Delete(file);
        var error = await Assert.ThrowsAsync<StateUnavailableException>(() => store.Watermarks.SetWatermarkAsync("main", "calllog", Now.AddHours(1), None));

        Assert.Equal(StateFaultKind.Lost, error.Kind);
        Assert.StartsWith($"State error: the state database {file} was deleted or moved away while the collector was running.", error.Message);
        Assert.False(File.Exists(file), "a new, empty state database was created in place of the deleted one");
        Assert.True(store.Health.Fatal.IsCompleted);
        Assert.EndsWith("Last watermarks before the failure: PBX main calllog 2026-11-23T10:00:00Z.", store.Health.FatalError!.Message);
        Assert.Contains(logs.GetSnapshot(), r => r.Level == LogLevel.Critical && r.Message.Contains("was deleted or moved away", StringComparison.Ordinal));
        await Assert.ThrowsAsync<StateUnavailableException>(() => store.Outbox.CountAsync(None));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task TheWorkersLastOutboxFlushOnADeletedStateFileEndsWithAOneLineWarningNotAFaultedServiceOrANewFile()
    {
        using var folder = new TempDirectory("state-deleted-flush");
        var options = FileIn(folder.Path);
        await using var store = Open(options);
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Outbox.EnqueueAsync("main", OutboxKind.Live, "queue_live,pbx=main waiting=1i 1", None);
        File.Delete(folder.File("state.db"));
        var influx = Collector.Tests.Influx.WriterTestKit.Options(new Uri("http://127.0.0.1:9/"), null);
        var flusherLogger = new FakeLogger<OutboxFlusher>();
        var flusher = new OutboxFlusher(store.Outbox, new Collector.Tests.CallLog.Sync.RecordingWriter(), influx, TimeProvider.System, flusherLogger);
        var logger = new FakeLogger<OutboxFlushService>();
        using var service = new OutboxFlushService(flusher, logger);

        await service.StartAsync(None);
        var failed = await flusherLogger.Collector.WaitForAsync(r => r.Message.StartsWith("Outbox flush failed", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        await service.StopAsync(None);

        Assert.Equal(LogLevel.Warning, failed.Level);   // one line, no stack trace: StateHealth has said what is wrong
        Assert.Null(failed.Exception);
        Assert.True(service.ExecuteTask!.IsCompletedSuccessfully, $"the flush service ended {service.ExecuteTask.Status}: {service.ExecuteTask.Exception?.InnerException?.Message}");
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.StartsWith("The last outbox flush at shutdown did not finish", StringComparison.Ordinal) && r.Message.Contains("was deleted or moved away", StringComparison.Ordinal));
        Assert.False(File.Exists(folder.File("state.db")), "the last flush made a new, empty state database in place of the deleted one");
    }

    [Fact]
    public async Task AStateFileMovedAwayWhileInUseIsNoticedByThePeriodicCheckEvenWhenNothingIsWritten()
    {
        using var folder = new TempDirectory("state-moved");
        var options = FileIn(folder.Path);
        await using var store = Open(options);
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);

        File.Move(folder.File("state.db"), folder.File("elsewhere.db"));
        store.Health.CheckFilePresent();

        Assert.Equal(StateFaultKind.Lost, (await store.Health.Fatal).Kind);
    }

    [Fact]
    public async Task AWatermarkMissingFromANewStateDatabaseIsAWarningThatSaysTheSyncStartsFromItsLookbackAndHowToFillTheGap()
    {
        using var folder = new TempDirectory("state-new");
        var options = FileIn(folder.Path);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);

        Assert.Null(await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.Null(await store.Watermarks.GetWatermarkAsync("main", "calllog", None));

        var warning = Assert.Single(logs.Messages(LogLevel.Warning));
        Assert.StartsWith($"PBX main: no calllog watermark in the state database (SQLite file {folder.File("state.db")}), which was created empty at this start.", warning);
        Assert.Contains("its state is gone", warning);
        Assert.Contains("CallLog__InitialLookback", warning);
        Assert.Contains("collector backfill", warning);
    }

    [Fact]
    public async Task AWatermarkMissingFromAStateDatabaseThatWasUsedBeforeIsAWarningNamingItsLastStart()
    {
        using var folder = new TempDirectory("state-used");
        var options = FileIn(folder.Path);
        await WriteKnownStateAsync(options);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);

        Assert.Equal(Now, await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.Null(await store.Watermarks.GetWatermarkAsync("branch", "calllog", None));

        var warning = Assert.Single(logs.Messages(LogLevel.Warning));
        Assert.StartsWith("PBX branch: no calllog watermark in the state database", warning);
        Assert.Contains("last started 2026-11-23 10:00:00Z", warning);
        Assert.Contains("need `collector backfill`", warning);
    }

    [MountFact]
    public async Task AFullDiskFailsWritesWithALineThatSaysSoKeepsTheWatermarkAndWritesAgainOnceThereIsSpace()
    {
        using var disk = TempMount.Tmpfs(kilobytes: 768);
        var ballast = disk.File("ballast");
        await File.WriteAllBytesAsync(ballast, new byte[256 * 1024]);
        var options = FileIn(disk.Path);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now, None);

        StateUnavailableException? full = null;
        for (var i = 0; i < 1000 && full is null; i++)
        {
            try
            {
                await store.Outbox.EnqueueAsync("main", OutboxKind.CallLog, $"call,pbx=main call_id=\"{i}\",pad=\"{new string('x', 8000)}\" {i}", None);
            }
            catch (StateUnavailableException error)
            {
                full = error;
            }
        }

        Assert.NotNull(full);
        Assert.Equal(StateFaultKind.Full, full.Kind);
        Assert.StartsWith($"State error: the disk holding the state database {disk.File("state.db")} is full (SQLite error 13: ", full.Message);
        Assert.Equal(Now, await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.False(store.Health.Fatal.IsCompleted, "a full disk stopped the collector; it should wait for space instead");
        Assert.Single(logs.Messages(LogLevel.Error), m => m.Contains("is full", StringComparison.Ordinal));

        File.Delete(ballast);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now.AddHours(1), None);
        Assert.Equal(Now.AddHours(1), await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.Contains(logs.Messages(LogLevel.Warning), m => m.StartsWith("State database writable again", StringComparison.Ordinal) && m.Contains("after 1 failed state operations", StringComparison.Ordinal));
        Assert.Equal(1, store.Health.FailedOperations);
    }

    [MountFact]
    public async Task AMountThatTurnsReadOnlyWhileInUseFailsWritesWithALineThatSaysSoAndWritesAgainOnceItIsWritable()
    {
        using var volume = TempMount.Bind();
        var options = FileIn(volume.Path);
        var (store, logs) = OpenLogged(options);
        await using var _ = store;
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now, None);
        SqliteConnection.ClearAllPools();   // a file open for writing would keep the mount from turning read-only
        volume.MakeReadOnly();

        var first = await Assert.ThrowsAsync<StateUnavailableException>(() => store.Watermarks.SetWatermarkAsync("main", "calllog", Now.AddHours(1), None));
        await Assert.ThrowsAsync<StateUnavailableException>(() => store.Outbox.EnqueueAsync("main", OutboxKind.Live, "queue_live,pbx=main waiting=1i 1", None));

        Assert.Equal(StateFaultKind.ReadOnly, first.Kind);
        Assert.StartsWith($"State error: the state database {volume.File("state.db")} cannot be written: its file system is mounted read-only (SQLite error ", first.Message);
        Assert.False(store.Health.Fatal.IsCompleted, "a read-only mount stopped the collector; it should wait until it can write instead");
        Assert.Single(logs.Messages(LogLevel.Error), m => m.Contains("cannot be written", StringComparison.Ordinal));

        volume.MakeWritable();
        await store.Watermarks.SetWatermarkAsync("main", "calllog", Now.AddHours(1), None);

        Assert.Equal(Now.AddHours(1), await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.Contains(logs.Messages(LogLevel.Warning), m => m.StartsWith("State database writable again", StringComparison.Ordinal) && m.Contains("after 2 failed state operations", StringComparison.Ordinal));
    }

    [MountFact]
    public async Task AStartOnAFullDiskStopsWithOneLineThatSaysTheDiskIsFull()
    {
        using var disk = TempMount.Tmpfs(kilobytes: 64);
        await File.WriteAllBytesAsync(disk.File("ballast"), new byte[64 * 1024 - 4096]);
        var file = disk.File("state.db");

        var outcome = await Worker(file).InvokeAsync("run");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"State error: the disk holding the state database {file} is full (", outcome.Error);
    }

    [MountFact]
    public async Task AStartOnAReadOnlyMountStopsWithOneLineThatSaysSoAndTheStateIsIntactOnceItIsWritableAgain()
    {
        using var volume = TempMount.Bind();
        var options = FileIn(volume.Path);
        await WriteKnownStateAsync(options);
        SqliteConnection.ClearAllPools();
        volume.MakeReadOnly();
        var file = volume.File("state.db");

        var outcome = await Worker(file).InvokeAsync("run");
        volume.MakeWritable();

        Assert.Equal(2, outcome.ExitCode);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"State error: the state database {file} cannot be written: its file system is mounted read-only (SQLite error ", outcome.Error);
        Assert.Contains("Mount it read-write", outcome.Error);
        await using var store = Open(options);
        await StatePreflight.VerifyAsync(store, options, new FakeTimeProvider(Now), None);
        Assert.Equal(Now, await store.Watermarks.GetWatermarkAsync("main", "calllog", None));
        Assert.Equal(40, await store.Outbox.CountAsync(None));
    }
}
