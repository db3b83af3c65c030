using Collector.CallLog.Backfill;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.CallLog.Backfill;

/// <summary>
/// <see cref="BackfillCalls"/> groups rows into calls as the sliding reader adds and drops them: for every window it must
/// hand the window writer exactly the calls it would build by grouping all of the window's rows afresh.
/// </summary>
public class BackfillCallsTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    public void GroupingRowsAsTheyArriveGivesEveryWindowTheCallsThatGroupingAllItsRowsGives(int seed)
    {
        var rows = History(new Random(seed));
        var windows = CallWindow.Split(T0, T0.AddHours(10), TimeSpan.FromHours(1)).ToList();
        var incremental = new BackfillCalls(new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance), Margin);
        var afresh = new BackfillCalls(new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance), Margin);
        var reader = new ReaderLike(rows);
        var compared = 0;

        foreach (var window in windows)
        {
            var read = reader.Read(window.RowsToRead(Margin, DateTimeOffset.MaxValue));
            var everyRow = new WindowRows([.. read.All], Continued: false, read.From, FirstNew: 0);

            var expected = afresh.For(window, everyRow).Select(Shape).ToList();
            var actual = incremental.For(window, read).Select(Shape).ToList();

            Assert.Equal(expected, actual);
            compared += expected.Count;
        }

        Assert.True(compared > 200, $"only {compared} calls compared");
    }

    [Fact]
    public void ACallThatOutlastsTheMarginIsGivenAsGroupingTheRowsStillReadWouldGiveIt()
    {
        // Its first leg (10:20) is dropped once the reads start after it; its later legs (11:30, 12:10) remain.
        CallLogRow[] rows =
        [
            Leg("long", T0.AddHours(10).AddMinutes(20), "a"), Leg("long", T0.AddHours(11).AddMinutes(30), "b"),
            Leg("long", T0.AddHours(12).AddMinutes(10), "c"), Leg("short", T0.AddHours(12).AddMinutes(5), "d"),
        ];
        var calls = new BackfillCalls(new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance), Margin);
        var reader = new ReaderLike(rows);
        var seen = new List<(string Window, string Call, DateTimeOffset Start, int Legs)>();

        foreach (var window in CallWindow.Split(T0.AddHours(10), T0.AddHours(14), TimeSpan.FromHours(1)))
            foreach (var call in calls.For(window, reader.Read(window.RowsToRead(Margin, DateTimeOffset.MaxValue))))
                seen.Add((window.Start.ToString("HH"), call.CallKey, call.Start, call.Legs));

        // The 10:00 window reads up to 12:00, so it has two of the call's legs; the next reads the third and builds it again.
        Assert.Contains(("10", "long", T0.AddHours(10).AddMinutes(20), 2), seen);
        Assert.Contains(("11", "long", T0.AddHours(10).AddMinutes(20), 3), seen);
        // At 12:00 the read starts at 11:00: the 10:20 leg is gone, so the call shows from 11:30 with two legs, in the margin.
        Assert.Contains(("12", "long", T0.AddHours(11).AddMinutes(30), 2), seen);
        Assert.Contains(("12", "short", T0.AddHours(12).AddMinutes(5), 1), seen);
        // At 13:00 the read starts at 12:00: only the 12:10 leg is left, which is all the margin shows of the call.
        Assert.Contains(("13", "long", T0.AddHours(12).AddMinutes(10), 1), seen);
    }

    static string Shape(NormalisedCall call) =>
        $"{call.CallKey} {call.Start:O} {call.End:O} {call.Direction} {call.Outcome} {call.Talk} {call.Ring} {call.Legs} {call.Passages.Count} {call.AgentLegs.Count}";

    /// <summary>Calls over 12 hours of 1–4 legs each, some lasting longer than the margin, a few legs without a StartTime.</summary>
    static List<CallLogRow> History(Random random)
    {
        var rows = new List<CallLogRow>();
        for (var call = 0; call < 600; call++)
        {
            var start = T0.AddHours(-1).AddSeconds(random.Next(0, 12 * 3600));
            var legs = random.Next(1, 5);
            var span = random.Next(10) == 0 ? 5400 : 900;   // one call in ten spans up to 90 minutes
            for (var leg = 0; leg < legs; leg++)
            {
                var at = leg == 0 ? start : start.AddSeconds(random.Next(0, span));
                rows.Add(Leg($"call-{call}", random.Next(40) == 0 && leg > 0 ? null : at, $"{call}-{leg}"));
            }
        }
        return [.. rows.OrderBy(_ => random.Next())];
    }

    static CallLogRow Leg(string call, DateTimeOffset? start, string cdr) => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = cdr, StartTime = start,
        SourceDn = "10000", SourceCallerId = "+4930123456", DestinationDn = "101", DestinationDisplayName = "Berg, Anna (101)",
        RingingDuration = TimeSpan.FromSeconds(5), TalkingDuration = TimeSpan.FromSeconds(60), Answered = true,
        Direction = "Inbound", CallType = "Extension", Status = "Answered",
    };

    /// <summary>
    /// Reads as <see cref="SlidingRowReader"/> does, from rows in memory: the first read takes every row of its range (and
    /// the rows without a StartTime, which a PBX may send), each next one drops the rows before its start and adds those
    /// after the read before.
    /// </summary>
    sealed class ReaderLike(IReadOnlyList<CallLogRow> history)
    {
        readonly List<CallLogRow> _rows = [];
        RowRange? _covered;

        public WindowRows Read(RowRange range)
        {
            if (_covered is not { } covered)
            {
                _rows.AddRange(history.Where(r => r.StartTime is not { } s || (s >= range.From && s <= range.To)));
                _covered = range;
                return new WindowRows(_rows, false, range.From, 0);
            }
            _rows.RemoveAll(r => WindowRows.Dropped(r, range.From));
            var firstNew = _rows.Count;
            _rows.AddRange(history.Where(r => r.StartTime is { } s && s > covered.To && s <= range.To));
            _covered = range;
            return new WindowRows(_rows, true, range.From, firstNew);
        }
    }
}
