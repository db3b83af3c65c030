using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Tests.CallLog.Sync;

namespace Collector.Tests.CallLog.Rollups;

public class QueueRollupsTouchTests
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    sealed class EmptyReader : IInfluxReader
    {
        public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<InfluxSeries>>([]);
    }

    static PointData Passage(string measurement, DateTimeOffset at) =>
        new PointData(measurement).Tag("pbx", "hq").Field("answered", 1L).Timestamp(UnixTime.Nanoseconds(at));

    [Fact]
    public void AWindowMarksTheLocalDayOfEachOfItsQueuePassagesAndTheirMonthsWhateverTheirOrder()
    {
        var rollups = new QueueRollups(new EmptyReader(), new RecordingWriter(), Berlin);
        var lateOn30th = new DateTimeOffset(2026, 11, 30, 22, 30, 0, TimeSpan.Zero);   // 23:30 in Berlin: the 30th
        var window = new CallWindow(lateOn30th, lateOn30th.AddHours(2));

        rollups.Touch("hq", window,
        [
            Passage(CallPoints.QueueCallMeasurement, lateOn30th),
            Passage(CallPoints.QueueCallMeasurement, lateOn30th.AddMinutes(45)),            // 00:15 in Berlin: December 1st
            Passage(CallPoints.QueueCallMeasurement, lateOn30th.AddMinutes(10)),            // the 30th again
            Passage(CallPoints.AgentCallMeasurement, lateOn30th.AddDays(3)),                // not a passage: marks nothing
        ], stalePointsReplaced: 0);

        Assert.Equal(["2026-11-30", "2026-12-01", "2026-11", "2026-12"], rollups.Pending("hq").Select(p => p.ToString()));
    }
}
