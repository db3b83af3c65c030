using Collector.CallLog.Sync;
using Collector.State;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using static Collector.Tests.State.StateTestKit;

namespace Collector.Tests.State;

/// <summary>Unreadable call-log rows are kept once per PBX and key, on SQLite and PostgreSQL, and logged once, across restarts.</summary>
[Collection(StateCollection.Name)]
public class QuarantineStoreTests(StateBackends backends)
{
    static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> All => StateBackends.All;

    public static TheoryData<string> Persistent => StateBackends.Persistent;

    [Theory]
    [MemberData(nameof(All))]
    public async Task ARowIsStoredTheFirstTimeOnlyWithItsCdrIdReasonAndRawTextPerPbx(string backend)
    {
        await using var store = Open(await backends.NewDatabaseAsync(backend));
        var row = new QuarantinedRow("cdr-1", "cdr-1", "StartTime is \"9999-12-31T23:59:59Z\", outside 1970–2200", "{\"CdrId\":\"cdr-1\"} \uFFFD", Now);

        Assert.True(await store.Quarantine.AddAsync("hq", row, None));
        Assert.False(await store.Quarantine.AddAsync("hq", row with { Reason = "again", FirstSeen = Now.AddMinutes(1) }, None));
        Assert.True(await store.Quarantine.AddAsync("branch", row, None));
        Assert.True(await store.Quarantine.AddAsync("hq", new QuarantinedRow("raw:00ff", null, "the element is null, not an object", "null", Now.AddMinutes(2)), None));

        var hq = await store.Quarantine.ListAsync("hq", None);
        Assert.Equal(2, hq.Count);
        Assert.Equal(row, hq[0]);
        Assert.Null(hq[1].CdrId);
        Assert.Single(await store.Quarantine.ListAsync("branch", None));
    }

    [Theory]
    [MemberData(nameof(Persistent))]
    public async Task AfterARestartARowSeenBeforeIsNeitherStoredNorLoggedAgain(string backend)
    {
        var options = await backends.NewDatabaseAsync(backend);
        var unreadable = UnreadableRow.From("cdr-9", "TalkingDuration is \"P10675199D\", longer than 366 days", "{\"CdrId\":\"cdr-9\"}");
        var time = new FakeTimeProvider(Now);

        var firstLog = new FakeLogger<RowQuarantine>();
        await using (var store = Open(options))
        {
            var quarantine = new RowQuarantine(store.Quarantine, time, firstLog);
            Assert.Equal(1, await quarantine.KeepAsync("hq", [unreadable], None));
            Assert.Equal(0, await quarantine.KeepAsync("hq", [unreadable], None));
        }
        var log = Assert.Single(firstLog.Collector.GetSnapshot());
        Assert.Contains("cdr-9", log.Message);
        Assert.Contains("P10675199D", log.Message);

        var secondLog = new FakeLogger<RowQuarantine>();
        await using (var store = Open(options))
        {
            Assert.Equal(0, await new RowQuarantine(store.Quarantine, time, secondLog).KeepAsync("hq", [unreadable], None));
            Assert.Single(await store.Quarantine.ListAsync("hq", None));
        }
        Assert.Empty(secondLog.Collector.GetSnapshot());
    }
}
