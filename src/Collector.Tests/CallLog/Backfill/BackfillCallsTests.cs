using Collector.CallLog.Backfill;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.CallLog.Backfill;

/// <summary>
/// <see cref="BackfillCalls"/> gives each window the calls of its rows (StartTime in <c>[A − L, B + L]</c>): those that
/// started in it, built from every row read, and those of the margin before it as the rows still read show them.
/// </summary>
public class BackfillCallsTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    [Fact]
    public void ACallThatOutlastsTheMarginIsGivenToEachWindowAsTheRowsThatWindowReadsShowIt()
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

    static CallLogRow Leg(string call, DateTimeOffset? start, string cdr) => new()
    {
        MainCallHistoryId = call, CallHistoryId = call, CdrId = cdr, StartTime = start,
        SourceDn = "10000", SourceCallerId = "+4930123456", DestinationDn = "101", DestinationDisplayName = "Berg, Anna (101)",
        RingingDuration = TimeSpan.FromSeconds(5), TalkingDuration = TimeSpan.FromSeconds(60), Answered = true,
        Direction = "Inbound", CallType = "Extension", Status = "Answered",
    };

    /// <summary>Reads as <see cref="SlidingRowReader"/> does, from rows in memory: the rows with StartTime in the range.</summary>
    sealed class ReaderLike(IReadOnlyList<CallLogRow> history)
    {
        public IReadOnlyCollection<CallLogRow> Read(RowRange range) =>
            [.. history.Where(r => r.StartTime is { } s && s >= range.From && s <= range.To)];
    }
}
