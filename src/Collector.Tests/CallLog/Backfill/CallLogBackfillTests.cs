using Collector.CallLog.Backfill;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Influx.Reading;
using Collector.State;
using Collector.Tests.CallLog.Normalisation;
using Collector.Influx.Writing;
using Collector.Tests.CallLog.Sync;

namespace Collector.Tests.CallLog.Backfill;

public class CallLogBackfillTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
    static readonly BackfillRange FiveHours = new(T0, T0.AddHours(5), "test-range");
    static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Calls every 20 minutes from T0 − 1 h to T0 + 6 h, every third one with a leg 50 minutes after its start.</summary>
    static SyncTestKit KitWithHistory()
    {
        var kit = new SyncTestKit();
        for (var minute = -60; minute < 360; minute += 20)
        {
            if (minute % 60 == 0) kit.Pbx.Call($"m{minute}", T0.AddMinutes(minute), TimeSpan.FromMinutes(50));
            else kit.Pbx.Call($"m{minute}", T0.AddMinutes(minute));
        }
        return kit;
    }

    static IEnumerable<string> CallsIn(DateTimeOffset from, DateTimeOffset to)
    {
        for (var minute = -60; minute < 360; minute += 20)
            if (T0.AddMinutes(minute) >= from && T0.AddMinutes(minute) < to)
                yield return $"m{minute}";
    }

    [Fact]
    public async Task EveryCallThatStartedInTheRangeIsWrittenOnceAndEachPartOfTheLogIsReadOnce()
    {
        await using var kit = KitWithHistory();

        var result = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, restart: false, progress: null, CancellationToken.None);

        Assert.True(result.Completed);
        Assert.Equal(5, result.WindowsDone);
        Assert.Equal(CallsIn(T0, T0.AddHours(5)).Order(), kit.Writer.CallIds.Order());
        Assert.Equal(15, result.Calls);
        var reads = kit.Pbx.Reads.Select(q => new RowRange(q.PeriodFrom, q.PeriodTo)).ToList();
        Assert.Equal(new RowRange(T0 - Hour, T0 + 2 * Hour), reads[0]);
        Assert.Equal(Enumerable.Range(2, 4).Select(h => new RowRange(T0 + h * Hour, T0 + (h + 1) * Hour)), reads.Skip(1));
        Assert.Equal(kit.Pbx.Rows.Count(r => r.StartTime >= T0 - Hour && r.StartTime <= T0 + 6 * Hour), result.Rows);
    }

    [Fact]
    public async Task EachRowIsNormalisedOnceSoAnUnknownValueIsCountedOncePerRowNotOncePerWindowThatSeesIt()
    {
        await using var kit = KitWithHistory();
        for (var i = 0; i < kit.Pbx.Rows.Count; i++)
            kit.Pbx.Rows[i] = kit.Pbx.Rows[i] with { CallType = "Hologram" };   // a CallType 3CX never sends: counted as unknown

        var result = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, restart: false, progress: null, CancellationToken.None);

        // Each window reads its hour with an hour of margin on both sides, so most rows are seen by three windows; the rows
        // normalised are those of calls that started from T0 − 1 h (the first window's margin) to the end of the range.
        var normalised = kit.Pbx.Rows.Count(r => kit.Pbx.Rows.Where(o => o.MainCallHistoryId == r.MainCallHistoryId).Min(o => o.StartTime) is { } start
            && start >= T0 - Hour && start < FiveHours.To);
        Assert.Equal(normalised, result.UnknownValues);
        Assert.Equal(CallsIn(T0, T0.AddHours(5)).Order(), kit.Writer.CallIds.Order());
    }

    [Fact]
    public async Task ProgressIsReportedAfterEachFinishedWindow()
    {
        await using var kit = KitWithHistory();
        var seen = new List<BackfillProgress>();

        await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, new Recorder(seen), CancellationToken.None);

        Assert.Equal([1, 2, 3, 4, 5], seen.Select(p => p.WindowsDone));
        Assert.All(seen, p => Assert.Equal(5, p.WindowsTotal));
        Assert.Equal(T0.AddHours(4), seen[^1].Last.Window.Start);
        Assert.Equal(15, seen[^1].Calls);
    }

    [Fact]
    public async Task AnInterruptedRunKeepsOnlyFinishedWindowsAndTheSameRangeResumesAfterThem()
    {
        await using var kit = KitWithHistory();
        using var cancel = new CancellationTokenSource();
        kit.Pbx.OnRead = query => { if (query.PeriodTo > T0.AddHours(3)) cancel.Cancel(); };

        var first = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, cancel.Token);

        Assert.False(first.Completed);
        Assert.Equal(2, first.WindowsDone);
        Assert.Equal(T0.AddHours(2), await kit.State.Checkpoints.GetCheckpointAsync("hq", FiveHours.Key, CancellationToken.None));
        Assert.Equal(CallsIn(T0, T0.AddHours(2)).Order(), kit.Writer.CallIds.Order());

        kit.Pbx.OnRead = null;
        var second = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);

        Assert.True(second.Completed);
        Assert.Equal(T0.AddHours(2), second.ResumedFrom);
        Assert.Equal(3, second.WindowsTotal);
        Assert.Equal(CallsIn(T0, T0.AddHours(5)).Order(), kit.Writer.CallIds.Order());
        Assert.Equal(FiveHours.To, await kit.State.Checkpoints.GetCheckpointAsync("hq", FiveHours.Key, CancellationToken.None));
    }

    /// <summary>Records each request of rollup statements (answering that nothing is stored) and the checkpoint when it came.</summary>
    sealed class RollupReader(Func<Task<DateTimeOffset?>> checkpoint) : IInfluxReader
    {
        public List<(IReadOnlyList<string> Statements, DateTimeOffset? Checkpoint)> Requests { get; } = [];

        public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the rollups send their statements together");

        public async Task<IReadOnlyList<IReadOnlyList<InfluxSeries>>> QueryEachAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
        {
            Requests.Add((statements, await checkpoint()));
            return [.. statements.Select(_ => (IReadOnlyList<InfluxSeries>)[])];
        }
    }

    [Fact]
    public async Task AnInterruptedRunRollsUpTheDaysItsFinishedWindowsCompletedBeforeCheckpointingThemAndNoOtherDay()
    {
        // Queue calls every 30 minutes from 22 November 10:00 UTC to 23 November 10:00; the run stops once it reads past 23 November 02:00.
        var nov22 = LocalPeriod.Day(new DateOnly(2026, 11, 22), TimeZoneInfo.Utc);
        var range = new BackfillRange(Rows.T0, Rows.T0.AddDays(1), "rollup-range");
        RollupReader? reader = null;
        StateStore? state = null;
        reader = new RollupReader(() => state!.Checkpoints.GetCheckpointAsync("hq", range.Key, CancellationToken.None));
        await using var kit = new SyncTestKit(rollups: new QueueRollups(reader, new RecordingWriter(), TimeZoneInfo.Utc));
        state = kit.State;
        for (var minute = 0; minute < 24 * 60; minute += 30)
            kit.Pbx.Rows.Add(Rows.Queue($"q{minute}", minute * 60.0, wait: 12, answered: false));
        using var cancel = new CancellationTokenSource();
        kit.Pbx.OnRead = query =>
        {
            kit.Time.Advance(CallLogBackfill.CheckpointInterval);   // every window may be checkpointed at once
            if (query.PeriodTo > nov22.End.AddHours(2)) cancel.Cancel();
        };

        var result = await kit.Backfill.RunAsync(kit.PbxOptions, range, Hour, false, null, cancel.Token);

        Assert.False(result.Completed);
        var checkpoint = await kit.State.Checkpoints.GetCheckpointAsync("hq", range.Key, CancellationToken.None);
        Assert.True(checkpoint >= nov22.End, $"checkpoint {checkpoint:O}");
        var day = RollupQueries.DayFromPassages("hq", nov22);
        var rolledUp = Assert.Single(reader.Requests, r => r.Statements.Contains(day));
        Assert.True(rolledUp.Checkpoint is null || rolledUp.Checkpoint < nov22.End, $"22 November was rolled up after the checkpoint passed it ({rolledUp.Checkpoint:O})");
        Assert.DoesNotContain(reader.Requests.SelectMany(r => r.Statements), s => s == RollupQueries.DayFromPassages("hq", LocalPeriod.Day(new DateOnly(2026, 11, 23), TimeZoneInfo.Utc)));
    }

    [Fact]
    public async Task AWindowInfluxDbDidNotTakeIsNotCheckpointedAndTheFailureSurfaces()
    {
        await using var kit = KitWithHistory();
        kit.Writer.FailFromWrite = 2;
        // Each window outlasts a checkpoint interval, so its points are written before the next window is read.
        kit.Pbx.OnRead = _ => kit.Time.Advance(CallLogBackfill.CheckpointInterval);

        await Assert.ThrowsAsync<InfluxWriteException>(() =>
            kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None));

        Assert.Equal(T0.AddHours(1), await kit.State.Checkpoints.GetCheckpointAsync("hq", FiveHours.Key, CancellationToken.None));
    }

    [Fact]
    public async Task WindowsFinishedWithinACheckpointIntervalAreWrittenInOneRequest()
    {
        await using var kit = KitWithHistory();

        var result = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, restart: false, progress: null, CancellationToken.None);

        Assert.Equal(5, result.WindowsDone);
        Assert.Equal(1, kit.Writer.Writes);
        Assert.Equal(CallsIn(T0, T0.AddHours(5)).Order(), kit.Writer.CallIds.Order());
        Assert.Equal(FiveHours.To, await kit.State.Checkpoints.GetCheckpointAsync("hq", FiveHours.Key, CancellationToken.None));
    }

    [Fact]
    public async Task WhenTheWriteOfSeveralWindowsFailsNoneOfThemIsCheckpointed()
    {
        await using var kit = KitWithHistory();
        kit.Writer.FailFromWrite = 1;

        await Assert.ThrowsAsync<InfluxWriteException>(() =>
            kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None));

        Assert.Null(await kit.State.Checkpoints.GetCheckpointAsync("hq", FiveHours.Key, CancellationToken.None));
        kit.Writer.FailFromWrite = null;
        var again = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);
        Assert.Null(again.ResumedFrom);
    }

    [Fact]
    public async Task RestartIgnoresTheCheckpoint()
    {
        await using var kit = KitWithHistory();
        await kit.State.Checkpoints.SetCheckpointAsync("hq", FiveHours.Key, T0.AddHours(4), CancellationToken.None);

        var result = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, restart: true, null, CancellationToken.None);

        Assert.Null(result.ResumedFrom);
        Assert.Equal(5, result.WindowsDone);
    }

    [Fact]
    public async Task BackfillNeverMovesTheSyncWatermark()
    {
        await using var kit = KitWithHistory();
        await kit.SetWatermarkAsync(T0.AddHours(1));

        await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);

        Assert.Equal(T0.AddHours(1), await kit.WatermarkAsync());
    }

    [Fact]
    public async Task RestartingAFinishedBackfillWritesTheSameLinesAgain()
    {
        await using var kit = KitWithHistory();
        await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);
        var first = kit.Writer.Lines.ToList();

        await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, restart: true, null, CancellationToken.None);

        Assert.Equal(first.Concat(first), kit.Writer.Lines);
    }

    [Fact]
    public async Task AFinishedRangeRunAgainHasNoWindowsLeft()
    {
        await using var kit = KitWithHistory();
        await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);
        var first = kit.Writer.Lines.Count;

        var again = await kit.Backfill.RunAsync(kit.PbxOptions, FiveHours, Hour, false, null, CancellationToken.None);

        Assert.Equal(FiveHours.To, await kit.Backfill.ResumePointAsync(kit.PbxOptions, FiveHours, CancellationToken.None));
        Assert.Equal(0, again.WindowsTotal);
        Assert.Equal(first, kit.Writer.Lines.Count);
    }

    sealed class Recorder(List<BackfillProgress> seen) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => seen.Add(value);
    }
}
