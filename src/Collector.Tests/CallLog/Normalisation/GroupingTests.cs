using Collector.CallLog.Normalisation;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class GroupingTests
{
    [Fact]
    public void RowsSharingMainCallHistoryIdFormOneCallWhateverTheirCallHistoryId()
    {
        var a = Agent("main-1", 0, 2, 30) with { CallHistoryId = "sub-a" };
        var b = Agent("main-1", 40, 2, 30, dn: "102") with { CallHistoryId = "sub-b" };

        var call = Single(a, b);

        Assert.Equal("main-1", call.CallKey);
        Assert.Equal(2, call.Legs);
    }

    [Fact]
    public void WithoutMainCallHistoryIdRowsGroupOnCallHistoryIdThenOnCdrId()
    {
        var byHistory = new[] { Agent("x", 0, 2, 30) with { MainCallHistoryId = null, CallHistoryId = "hist" },
                                Agent("x", 40, 2, 30) with { MainCallHistoryId = " ", CallHistoryId = "hist" } };
        var byCdr = Agent("y", 100, 2, 30) with { MainCallHistoryId = null, CallHistoryId = null, CdrId = "cdr-only" };

        var calls = Normaliser(out _).Normalise([.. byHistory, byCdr]);

        Assert.Equal(["hist", "cdr-only"], calls.Select(c => c.CallKey));
        Assert.Equal([2, 1], calls.Select(c => c.Legs));
    }

    [Fact]
    public void RowsWithoutAnyIdAreEachACallKeyedByAStableHash()
    {
        CallLogRow Legacy(double start) => Agent("z", start, 2, 30) with
        {
            MainCallHistoryId = null, CallHistoryId = null, CdrId = null, Direction = null, CallType = null, Status = null,
        };
        var rows = new[] { Legacy(0), Legacy(60) };

        var first = Normaliser(out _).Normalise(rows);
        var again = Normaliser(out _).Normalise(rows.Reverse());

        Assert.Equal(2, first.Count);
        Assert.All(first, c => Assert.StartsWith("h:", c.CallKey));
        Assert.NotEqual(first[0].CallKey, first[1].CallKey);
        Assert.Equal(first.Select(c => c.CallKey), again.Select(c => c.CallKey));
    }

    [Fact]
    public void TheResultDoesNotDependOnTheOrderRowsArriveIn()
    {
        var rows = new List<CallLogRow>
        {
            Ivr("c1", 0, 10), Queue("c1", 10, 8, answered: true), Agent("c1", 13, 5, 60),
            Queue("c2", 5, 30, answered: false),
            Outbound("c3", 2, 4, 20),
        };

        var forward = Normaliser(out _).Normalise(rows);
        var backward = Normaliser(out _).Normalise(Enumerable.Reverse(rows));
        var shuffled = Normaliser(out _).Normalise(rows.OrderBy(r => r.CdrId!.GetHashCode(StringComparison.Ordinal)));

        Assert.Equal(["c1", "c3", "c2"], forward.Select(c => c.CallKey));
        Assert.Equal(Describe(forward), Describe(backward));
        Assert.Equal(Describe(forward), Describe(shuffled));
    }

    [Fact]
    public void ARowReadTwiceCountsOnce()
    {
        var queue = Queue("c1", 0, 8, answered: true);
        var agent = Agent("c1", 3, 5, 60);

        var call = Single(queue, agent, queue, agent with { });

        Assert.Equal(2, call.Legs);
        Assert.Single(call.Passages);
        Assert.Single(call.AgentLegs);
        Assert.Equal(TimeSpan.FromSeconds(60), call.Talk);
    }

    [Fact]
    public void ARowReadTwiceCountsOnceInACallOfManyLegs()
    {
        var queue = Queue("c1", 0, 8, answered: true);
        var attempts = Enumerable.Range(0, 20).Select(i => Agent("c1", 1 + i, 0.5, 0) with { Status = "Unanswered" }).ToList();
        var agent = Agent("c1", 30, 5, 60);

        var call = Single([queue, .. attempts, agent, .. attempts.AsEnumerable().Reverse(), agent with { }, queue]);

        Assert.Equal(22, call.Legs);
        Assert.Single(call.Passages);
        Assert.Equal(21, call.AgentLegs.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), call.Talk);
        Assert.Equal(TimeSpan.FromSeconds(15), call.Ring);
    }

    [Fact]
    public void ARowWithoutStartTimeIsPlacedAtItsCallsStart()
    {
        var call = Single(Ivr("c1", 5, 10), Agent("c1", 15, 3, 20) with { StartTime = null });

        Assert.Equal(At(5), call.Start);
        Assert.Equal(At(5), call.AgentLegs[0].Start);
        Assert.Equal(At(5 + 3 + 20), call.End);
    }

    [Fact]
    public void ACallWithoutAnyStartTimeIsSkippedCountedAndLoggedOnce()
    {
        var normaliser = Normaliser(out var logger);
        var rows = new[] { Agent("c1", 0, 2, 30) with { StartTime = null }, Agent("c2", 0, 2, 30) with { StartTime = null }, Agent("c3", 9, 2, 30) };

        var calls = normaliser.Normalise(rows);

        Assert.Equal("c3", Assert.Single(calls).CallKey);
        Assert.Equal(2, normaliser.Unknown.CallsWithoutStartTime);
        Assert.Single(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("no StartTime", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    public void ALegStampedWithAnEmptyDateIsPlacedAtItsCallsStartCountedAndLoggedOnce(string stamp)
    {
        var normaliser = Normaliser(out var logger);
        var bad = DateTimeOffset.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture);
        var rows = new[]
        {
            Ivr("c1", 5, 10), Agent("c1", 15, 3, 20) with { StartTime = bad },
            Ivr("c2", 60, 10), Agent("c2", 75, 3, 20) with { StartTime = bad },
        };

        var calls = normaliser.Normalise(rows);

        Assert.Equal(["c1", "c2"], calls.Select(c => c.CallKey));
        Assert.Equal(At(5), calls[0].Start);   // not moved to the empty date
        Assert.Equal(At(5), calls[0].AgentLegs[0].Start);
        Assert.Equal(2, calls[0].Legs);
        Assert.Equal(2, normaliser.Unknown.ImplausibleLegStarts);
        Assert.Single(logger.Collector.GetSnapshot(), e => e.Level == LogLevel.Warning && e.Message.Contains("before 2000-01-01", StringComparison.Ordinal));
    }

    [Fact]
    public void ACallWhoseEveryLegHasAnEmptyDateIsSkippedAsACallWithoutStartTime()
    {
        var normaliser = Normaliser(out _);

        Assert.Empty(normaliser.Normalise([Agent("c1", 0, 2, 30) with { StartTime = DateTimeOffset.UnixEpoch }]));
        Assert.Equal(1, normaliser.Unknown.CallsWithoutStartTime);
        Assert.Equal(1, normaliser.Unknown.ImplausibleLegStarts);
    }

    static string Describe(IEnumerable<NormalisedCall> calls) => string.Join("\n", calls.Select(c =>
        $"{c} P[{string.Join(";", c.Passages)}] A[{string.Join(";", c.AgentLegs)}]"));
}
