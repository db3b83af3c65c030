using Microsoft.Extensions.Logging;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Normalisation;

public sealed class RowReadingTests
{
    [Fact]
    public void UnknownValuesAreCountedPerValueAndLoggedOncePerValueWithoutFailing()
    {
        var normaliser = Normaliser(out var logger);
        var rows = new[]
        {
            Agent("c1", 0, 2, 0) with { Status = "Busy" },
            Agent("c2", 0, 2, 0) with { Status = "Busy" },
            Agent("c3", 0, 2, 0) with { Status = "Rejected" },
            Agent("c4", 0, 2, 30) with { CallType = "Voicemail", Direction = "Inbound Voicemail" },
        };

        var calls = normaliser.Normalise(rows);
        normaliser.Normalise(rows); // seen again: counted again, not logged again

        Assert.Equal(4, calls.Count);
        Assert.Equal(4, normaliser.Unknown.Statuses["Busy"]);
        Assert.Equal(2, normaliser.Unknown.Statuses["Rejected"]);
        Assert.Equal(2, normaliser.Unknown.CallTypes["Voicemail"]);
        Assert.Equal(2, normaliser.Unknown.Directions["Inbound Voicemail"]);
        Assert.Equal(10, normaliser.Unknown.Total);
        var warnings = logger.Collector.GetSnapshot().Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Equal(4, warnings.Count);
        Assert.Contains(warnings, m => m.Contains("Status", StringComparison.Ordinal) && m.Contains("Busy", StringComparison.Ordinal));
    }

    [Fact]
    public void KnownValuesAreReadWhateverTheirCaseAndSurroundingSpace()
    {
        var normaliser = Normaliser(out _);
        var call = Assert.Single(normaliser.Normalise(
        [
            Queue("c1", 0, 8, answered: true) with { Direction = " inbound queue", CallType = "QUEUE", Status = "waiting " },
            Agent("c1", 3, 5, 60) with { Direction = "INBOUND", CallType = "extension", Status = "answered" },
        ]));

        Assert.Equal(0, normaliser.Unknown.Total);
        Assert.Equal("answered", Assert.Single(call.Passages).Outcome);
        Assert.Equal("101", call.Passages[0].Agent);
    }

    [Fact]
    public void AValueSpeltWithNonAsciiLettersIsUnknownAndCountedUnderItsOwnSpelling()
    {
        var normaliser = Normaliser(out _);
        var call = Assert.Single(normaliser.Normalise(
        [
            Agent("c1", 0, 3, 40) with { Direction = "Ìnbound", CallType = "Ëxtension", Status = "Ånswered", Answered = false },
        ]));

        Assert.Equal(1, normaliser.Unknown.Directions["Ìnbound"]);
        Assert.Equal(1, normaliser.Unknown.CallTypes["Ëxtension"]);
        Assert.Equal(1, normaliser.Unknown.Statuses["Ånswered"]);
        Assert.Equal(3, normaliser.Unknown.Total);
        Assert.Empty(call.AgentLegs);   // an unknown CallType is no agent leg
        Assert.Equal("unanswered", call.Outcome);
    }

    [Fact]
    public void AnUnknownStatusFallsBackToTheAnsweredFlag()
    {
        var call = Single(Agent("c1", 0, 3, 40) with { Status = "Completed", Answered = true });

        Assert.True(Assert.Single(call.AgentLegs).Answered);
        Assert.Equal("answered", call.Outcome);
    }

    [Fact]
    public void WithoutStatusAndAnsweredFlagALegIsAnsweredWhenItHasTalk()
    {
        var talked = Single(Agent("c1", 0, 3, 40) with { Status = null, Answered = null });
        var silent = Single(Agent("c2", 0, 3, 0) with { Status = null, Answered = null });

        Assert.True(talked.AgentLegs[0].Answered);
        Assert.False(silent.AgentLegs[0].Answered);
    }

    [Fact]
    public void StatusWinsOverTheAnsweredFlag()
    {
        var call = Single(Agent("c1", 0, 3, 40) with { Status = "Unanswered", Answered = true });

        Assert.False(call.AgentLegs[0].Answered);
        Assert.Equal("unanswered", call.Outcome);
    }

    [Fact]
    public void MissingDurationsAreZeroAndNegativeOnesAreReadAsZero()
    {
        var call = Single(Agent("c1", 0, 3, 40) with { RingingDuration = null, TalkingDuration = TimeSpan.FromSeconds(-5), Answered = false, Status = null });

        Assert.Equal(TimeSpan.Zero, call.AgentLegs[0].Ring);
        Assert.Equal(TimeSpan.Zero, call.AgentLegs[0].Talk);
        Assert.Equal(TimeSpan.Zero, call.Duration);
    }

    [Fact]
    public void WithoutCallTypeTheDirectionTellsQueueOutboundAndInternalRows()
    {
        var queue = Single(Queue("c1", 0, 30, answered: false) with { CallType = null });
        var outbound = Single(Outbound("c2", 0, 3, 30) with { CallType = null });
        var internalCall = Single(Agent("c3", 0, 3, 30, direction: "Internal") with { CallType = null });
        var inbound = Single(Agent("c4", 0, 3, 30) with { CallType = null });

        Assert.Equal("abandoned", Assert.Single(queue.Passages).Outcome);
        Assert.Equal("105", Assert.Single(outbound.AgentLegs).Agent);
        Assert.Equal("101", Assert.Single(internalCall.AgentLegs).Agent);
        Assert.Empty(inbound.AgentLegs); // an IVR and an extension look alike without CallType
        Assert.Equal("unanswered", inbound.Outcome);
    }
}
