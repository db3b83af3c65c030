using System.Globalization;
using Collector.CallLog.Callbacks;
using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;

namespace Collector.Tests.CallLog.Callbacks;

/// <summary>What the callback list reads of the stored <c>callback</c> points for a window.</summary>
public sealed class CallbackListReadTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    const string Number = "+4930123456";

    static NormalisedCall Abandoned(string key, DateTimeOffset enter, TimeSpan wait) =>
        new(key, enter, enter + wait, CallDirections.Inbound, CallOutcomes.Abandoned, wait, TimeSpan.Zero, TimeSpan.Zero, 1,
            [new QueuePassage("800", "Sales", enter, wait, PassageOutcomes.Abandoned, null, TimeSpan.Zero, key + "-q")], [])
        { ExternalNumber = Number };

    static NormalisedCall Answered(string key, DateTimeOffset start, TimeSpan ring) =>
        new(key, start, start + ring + TimeSpan.FromMinutes(2), CallDirections.Outbound, CallOutcomes.Answered, ring + TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(2), ring, 1, [], [new AgentLeg("101", null, CallDirections.Outbound, start, ring, TimeSpan.FromMinutes(2), true, key + "-a")])
        { ExternalNumber = Number };

    sealed class RecordingReader : IInfluxReader
    {
        public List<string> Queries { get; } = [];

        public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken)
        {
            Queries.Add(influxQl);
            return Task.FromResult<IReadOnlyList<InfluxSeries>>([]);
        }
    }

    [Fact]
    public async Task AWindowReadsTheStoredCallersFromADayBeforeItUpToItsLatestAnswerOrHangUpNotAllLaterHistory()
    {
        // Without an upper bound every window of a backfill read all callbacks stored after it: quadratic over a re-backfill.
        var reader = new RecordingReader();
        var list = new CallbackList(new StoredCallbacks(reader));
        var abandon = Abandoned("a", T0.AddMinutes(5), TimeSpan.FromSeconds(90));
        var answered = Answered("b", T0.AddMinutes(40), TimeSpan.FromSeconds(10));   // answered at 09:40:10

        await list.PointsAsync("hq", T0, [abandon, answered], null, CancellationToken.None);

        var query = Assert.Single(reader.Queries);
        var from = CallTimestamp.Millisecond(T0 - CallbackList.LookBack).ToString(CultureInfo.InvariantCulture);
        var until = CallTimestamp.Millisecond(T0.AddMinutes(40).AddSeconds(10).AddMilliseconds(1)).ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"time >= {from} AND time < {until}", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWindowWithinABatchReadsTheBatchNotInfluxDbAndTheNextWindowSeesWhatItWrote()
    {
        var reader = new RecordingReader();
        var list = new CallbackList(new StoredCallbacks(reader));
        var span = await list.ReadSpanAsync("hq", T0 - CallbackList.LookBack, T0.AddHours(3), CancellationToken.None);
        Assert.NotNull(span);
        Assert.Single(reader.Queries);

        var abandons = await list.PointsAsync("hq", T0, [Abandoned("a", T0.AddMinutes(5), TimeSpan.FromSeconds(90))], span, CancellationToken.None);
        // The next hour's outbound call reaches the caller the first hour stored: learnt from the batch, not from InfluxDB.
        var reached = await list.PointsAsync("hq", T0.AddHours(1), [Answered("b", T0.AddHours(1).AddMinutes(3), TimeSpan.FromSeconds(5))], span, CancellationToken.None);

        Assert.Single(reader.Queries);
        Assert.Equal(0L, Assert.Single(abandons).Fields.Single(f => f.Key == "reached").Value.AsInteger);
        var point = Assert.Single(reached);
        Assert.Equal(1L, point.Fields.Single(f => f.Key == "reached").Value.AsInteger);
        Assert.Equal("b", point.Fields.Single(f => f.Key == "reached_call_id").Value.AsString);
    }
}
