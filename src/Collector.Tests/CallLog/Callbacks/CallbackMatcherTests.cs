using Collector.CallLog.Callbacks;
using Collector.CallLog.Normalisation;

namespace Collector.Tests.CallLog.Callbacks;

public sealed class CallbackMatcherTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    const string Number = "+4930123456";

    static NormalisedCall Abandoned(string key, DateTimeOffset enter, TimeSpan wait) =>
        new(key, enter, enter + wait, CallDirections.Inbound, CallOutcomes.Abandoned, wait, TimeSpan.Zero, TimeSpan.Zero, 1,
            [new QueuePassage("800", "Sales", enter, wait, PassageOutcomes.Abandoned, null, TimeSpan.Zero, key + "-q")], [])
        { ExternalNumber = Number };

    static NormalisedCall Answered(string key, string direction, DateTimeOffset start, TimeSpan ring, string number = Number) =>
        new(key, start, start + ring + TimeSpan.FromMinutes(2), direction, CallOutcomes.Answered, ring + TimeSpan.FromMinutes(2),
            TimeSpan.FromMinutes(2), ring, 1, [], [new AgentLeg("101", null, direction, start, ring, TimeSpan.FromMinutes(2), true, key + "-a")])
        { ExternalNumber = number };

    [Fact]
    public void AnAbandonedCallerIsReachedByTheFirstCallAnsweredAfterTheHangUpToOrFromTheirNumber()
    {
        var abandon = Assert.Single(CallbackMatcher.Abandons([Abandoned("a", T0, TimeSpan.FromSeconds(90))]));
        Assert.Equal(T0.AddSeconds(90), abandon.AbandonedAt);
        Assert.Equal(TimeSpan.FromSeconds(90), abandon.Wait);

        var reached = Assert.Single(CallbackMatcher.Reach([abandon],
        [
            Answered("before", CallDirections.Outbound, T0.AddSeconds(-30), TimeSpan.FromSeconds(5)),   // answered before the hang-up
            Answered("other", CallDirections.Outbound, T0.AddMinutes(3), TimeSpan.FromSeconds(5), "+4930999999"),
            Answered("again", CallDirections.Inbound, T0.AddMinutes(20), TimeSpan.FromSeconds(10)),
            Answered("back", CallDirections.Outbound, T0.AddMinutes(10), TimeSpan.FromSeconds(8)),
        ]));

        Assert.Equal(T0.AddMinutes(10).AddSeconds(8), reached.ReachedAt);
        Assert.Equal("back", reached.ReachedCallKey);
        Assert.Equal(CallDirections.Outbound, reached.ReachedBy);
    }

    [Fact]
    public void OfTwoCallsAnsweredAtTheSameInstantTheOneWithTheOrdinallySmallerKeyReachesTheCallerWhateverTheirOrder()
    {
        var abandon = Assert.Single(CallbackMatcher.Abandons([Abandoned("a", T0, TimeSpan.FromSeconds(90))]));
        var answeredAt = T0.AddMinutes(10);
        NormalisedCall[] calls =
        [
            Answered("b-call", CallDirections.Inbound, answeredAt, TimeSpan.Zero),
            Answered("B-call", CallDirections.Outbound, answeredAt.ToOffset(TimeSpan.FromHours(1)), TimeSpan.Zero),   // the same instant
            Answered("internal", CallDirections.Internal, T0.AddMinutes(2), TimeSpan.Zero),                             // cannot reach anyone
        ];

        var forwards = Assert.Single(CallbackMatcher.Reach([abandon], calls));
        var backwards = Assert.Single(CallbackMatcher.Reach([abandon], Enumerable.Reverse(calls)));

        Assert.Equal("B-call", forwards.ReachedCallKey);   // 'B' < 'b' in ordinal order
        Assert.Equal(forwards, backwards);
        Assert.Equal(answeredAt, forwards.ReachedAt);
    }

    [Fact]
    public void ACallerAlreadyReachedKeepsTheEarlierContact()
    {
        var abandon = Assert.Single(CallbackMatcher.Abandons([Abandoned("a", T0, TimeSpan.FromSeconds(90))]))
            with { ReachedAt = T0.AddMinutes(5), ReachedCallKey = "first", ReachedBy = CallDirections.Inbound };

        var kept = Assert.Single(CallbackMatcher.Reach([abandon], [Answered("later", CallDirections.Outbound, T0.AddMinutes(10), TimeSpan.Zero)]));

        Assert.Equal("first", kept.ReachedCallKey);
    }

    [Fact]
    public void AnAbandonWithoutANumberIsNotListed() =>
        Assert.Empty(CallbackMatcher.Abandons([Abandoned("a", T0, TimeSpan.FromSeconds(90)) with { ExternalNumber = null }]));
}

public class DialableNumberTests
{
    [Theory]
    [InlineData("+4930123456", true)]
    [InlineData("030 123-456", true)]
    [InlineData("(030) 123.456", true)]
    [InlineData("anonymous", false)]
    [InlineData("Withheld", false)]
    [InlineData("", false)]
    [InlineData("12+34", false)]
    public void OnlyANumberThatCanBeDialledBackCountsAsTheCallersNumber(string number, bool dialable) =>
        Assert.Equal(dialable, Collector.CallLog.Normalisation.PartyHeuristics.IsDialable(number));
}
