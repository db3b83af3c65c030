using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// The calls of a window's margin (begun before it) are stamped with the window's calls only where that can matter: a
/// margin call whose point shares a millisecond and slot with a window call's still moves that point, as when every
/// margin call is stamped; one whose points all lie before the window changes nothing.
/// </summary>
public sealed class MarginCallTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    static readonly CallWindow Window = new(T0.AddHours(1), T0.AddHours(2));

    static NormalisedCall Call(string key, DateTimeOffset start, DateTimeOffset legStart, string legKey) =>
        new(key, start, legStart.AddMinutes(2), CallDirections.Inbound, CallOutcomes.Answered, legStart.AddMinutes(2) - start,
            TimeSpan.FromMinutes(2), TimeSpan.Zero, 1, [], [new AgentLeg("101", "Ann", CallDirections.Inbound, legStart, TimeSpan.Zero, TimeSpan.FromMinutes(2), true, legKey)]);

    // A leg key of the margin call whose slot is the window call's leg's: the two collide in a shared millisecond.
    static string CollidingWith(string key)
    {
        var slot = CallTimestamp.Slot(key);
        for (var i = 0; ; i++)
            if (CallTimestamp.Slot($"margin-leg-{i}") == slot)
                return $"margin-leg-{i}";
    }

    [Fact]
    public async Task AMarginCallsLegInTheWindowStillMovesAWindowCallsLegOffTheSlotTheyShareAndAnEarlierMarginCallChangesNothing()
    {
        var legStart = Window.Start.AddMinutes(10);
        var inWindow = Call("window-call", legStart, legStart, "window-leg");
        var crossing = Call("margin-call", T0.AddMinutes(30), legStart, CollidingWith("window-leg"));   // began before, its leg in the window
        var before = Call("early-call", T0.AddMinutes(5), T0.AddMinutes(5), "early-leg");             // wholly before the window
        var pbx = new FakeXapiClient();
        var source = new PbxCallLog("hq", pbx, new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance),
            new QueueSlaTimes("hq", pbx, TimeProvider.System, NullLogger.Instance));
        var writer = new RecordingWriter();
        var windowWriter = new CallLogWindowWriter(writer, KpiSettings.From(new SlaOptions()));

        var result = await windowWriter.WriteCallsAsync(source, Window, [before, crossing, inWindow], 3, 0, null, false, CancellationToken.None);

        var natural = CallTimestamp.For(legStart, "window-leg");
        var expected = CallPoints.For("hq", [before, crossing, inWindow], KpiSettings.From(new SlaOptions()))
            .Where(p => p.Fields.Any(f => f.Key == "call_id" && f.Value.AsString == "window-call"))
            .Select(p => p.ToString());
        Assert.Equal(expected, writer.Lines.Select(l => l.TrimEnd('\n')));
        var leg = Assert.Single(writer.Lines, l => l.StartsWith("agent_call,", StringComparison.Ordinal));
        Assert.False(leg.EndsWith($" {natural}", StringComparison.Ordinal), "the margin call's leg keeps the shared slot (its key is first in ordinal order)");
        Assert.Equal(1, result.Calls);
    }
}
