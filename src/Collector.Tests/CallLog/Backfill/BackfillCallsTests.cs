using Collector.CallLog.Backfill;
using Collector.CallLog.Sync;
using Collector.Tests.CallLog.Normalisation;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Backfill;

/// <summary>
/// <see cref="BackfillCalls"/> gives each window the calls of its rows (StartTime in <c>[A − L, B + L]</c>): those that
/// started in it, built from every row read, and those of the margin before it as the rows still read show them.
/// </summary>
public class BackfillCallsTests
{
    static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    [Fact]
    public void ACallThatOutlastsTheMarginIsGivenToEachWindowAsTheRowsThatWindowReadsShowIt()
    {
        // Rows.T0 is 10:00. The long call's first leg (10:20) is dropped once the reads start after it; its later legs
        // (11:30, 12:10) remain.
        CallLogRow[] rows =
        [
            Rows.Agent("long", Minutes(20), 5, 60), Rows.Agent("long", Minutes(90), 5, 60),
            Rows.Agent("long", Minutes(130), 5, 60), Rows.Agent("short", Minutes(125), 5, 60),
        ];
        var calls = new BackfillCalls(Rows.Normaliser(out _), Margin);
        var seen = new List<(string Window, string Call, DateTimeOffset Start, int Legs)>();

        foreach (var window in CallWindow.Split(Rows.T0, Rows.T0.AddHours(4), TimeSpan.FromHours(1)))
        {
            var read = window.RowsToRead(Margin, DateTimeOffset.MaxValue);   // as SlidingRowReader gives them
            var windowRows = rows.Where(r => r.StartTime is { } s && s >= read.From && s <= read.To).ToList();
            foreach (var call in calls.For(window, windowRows))
                seen.Add((window.Start.ToString("HH"), call.CallKey, call.Start, call.Legs));
        }

        // The 10:00 window reads up to 12:00, so it has two of the call's legs; the next reads the third and builds it again.
        Assert.Contains(("10", "long", Rows.At(Minutes(20)), 2), seen);
        Assert.Contains(("11", "long", Rows.At(Minutes(20)), 3), seen);
        // At 12:00 the read starts at 11:00: the 10:20 leg is gone, so the call shows from 11:30 with two legs, in the margin.
        Assert.Contains(("12", "long", Rows.At(Minutes(90)), 2), seen);
        Assert.Contains(("12", "short", Rows.At(Minutes(125)), 1), seen);
        // At 13:00 the read starts at 12:00: only the 12:10 leg is left, which is all the margin shows of the call.
        Assert.Contains(("13", "long", Rows.At(Minutes(130)), 1), seen);
    }

    static double Minutes(double minutes) => minutes * 60;
}
