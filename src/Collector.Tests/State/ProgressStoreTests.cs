using Collector.Configuration;
using Collector.State;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

[Collection(StateCollection.Name)]
public class ProgressStoreTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> All => StateBackends.All;

    public static TheoryData<string> Persistent => StateBackends.Persistent;

    [Theory]
    [MemberData(nameof(All))]
    public async Task AWatermarkIsAbsentUntilSetThenReadsBackToTheTickInUtc(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var value = new DateTimeOffset(2026, 11, 23, 11, 59, 58, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Null(await store.Watermarks.GetWatermarkAsync("hq", "calllog", None));
        await store.Watermarks.SetWatermarkAsync("hq", "calllog", value, None);

        var read = await store.Watermarks.GetWatermarkAsync("hq", "calllog", None);
        Assert.Equal(value.UtcTicks, read!.Value.UtcTicks);
        Assert.Equal(TimeSpan.Zero, read.Value.Offset);
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task WatermarksAreKeptPerPbxAndStreamAndSettingAgainReplaces(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        await store.Watermarks.SetWatermarkAsync("hq", "calllog", Now, None);
        await store.Watermarks.SetWatermarkAsync("branch", "calllog", Now.AddHours(-1), None);
        await store.Watermarks.SetWatermarkAsync("hq", "calllog", Now.AddMinutes(5), None);

        Assert.Equal(Now.AddMinutes(5), await store.Watermarks.GetWatermarkAsync("hq", "calllog", None));
        Assert.Equal(Now.AddHours(-1), await store.Watermarks.GetWatermarkAsync("branch", "calllog", None));
        Assert.Null(await store.Watermarks.GetWatermarkAsync("hq", "other", None));
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task CheckpointsAreSetReplacedAndCleared(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        const string range = "2026-11-01..2026-11-08";

        await store.Checkpoints.SetCheckpointAsync("hq", range, Now, None);
        await store.Checkpoints.SetCheckpointAsync("hq", range, Now.AddHours(1), None);
        await store.Checkpoints.SetCheckpointAsync("hq", "other", Now, None);
        Assert.Equal(Now.AddHours(1), await store.Checkpoints.GetCheckpointAsync("hq", range, None));

        await store.Checkpoints.ClearCheckpointAsync("hq", range, None);
        Assert.Null(await store.Checkpoints.GetCheckpointAsync("hq", range, None));
        Assert.Equal(Now, await store.Checkpoints.GetCheckpointAsync("hq", "other", None));
    }

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task ProgressSurvivesClosingAndReopeningTheStore(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        await using (var first = Open(options))
        {
            await first.Watermarks.SetWatermarkAsync("hq", "calllog", Now, None);
            await first.Checkpoints.SetCheckpointAsync("hq", "r", Now.AddDays(-1), None);
        }

        await using var second = Open(options);
        Assert.Equal(Now, await second.Watermarks.GetWatermarkAsync("hq", "calllog", None));
        Assert.Equal(Now.AddDays(-1), await second.Checkpoints.GetCheckpointAsync("hq", "r", None));
    }

    [Fact]
    public void AnOutboxCapBelowItsMinimumIsRefusedNamingItsKey()
    {
        var values = Collector.Tests.Configuration.SettingsReaderTests.OnePbx();
        values["State:OutboxMaxRows"] = "0";

        var error = Assert.Throws<Collector.Configuration.ConfigurationException>(() => Collector.Tests.Configuration.SettingsReaderTests.Read(values));

        Assert.Equal("Configuration error: State:OutboxMaxRows 0 is out of range; use 100 to 100000000 rows.", error.Message);
    }
}
