using System.Globalization;
using Collector.Testing.Truth;

namespace Collector.Tests.Simulator;

/// <summary>/sim/truth/abandoned and --callback-share: callers who abandoned, and whether and when they were reached afterwards.</summary>
public sealed class AbandonedTruthTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse(SimulatorClient.Start, CultureInfo.InvariantCulture);

    /// <summary>The instant a call was answered: its first answered leg's start plus its ring.</summary>
    static DateTimeOffset? AnsweredAt(TruthCall call) =>
        call.Legs.FirstOrDefault(l => l.Answered) is { } leg ? leg.Start + leg.Ring : null;

    /// <summary>The external number of an outbound (dialled) or inbound (caller) call; null for an internal one.</summary>
    static string? Number(TruthCall call) => call.Direction switch { "outbound" => call.Callee, "inbound" => call.Caller, _ => null };

    [Fact]
    public async Task WithACallbackShareSomeAbandonedCallersAreReachedAtTheAnswerOfTheirFirstLaterCallAndSomeAreNot()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--calls-per-hour", "400", "--callback-share", "0.6");
        var from = Now.AddDays(-1);
        var abandoned = await SimulatorTruth.AbandonedAsync(sim, from, Now);
        var calls = await SimulatorTruth.CallsAsync(sim, from, Now);
        var byId = calls.ToDictionary(c => c.CallId, StringComparer.Ordinal);

        Assert.NotEmpty(abandoned);
        foreach (var a in abandoned)
        {
            var call = byId[a.CallId];
            Assert.Equal("abandoned", call.Outcome);
            Assert.Equal(call.End, a.AbandonedAt);
            Assert.Equal(call.Caller, a.Caller);
            Assert.Equal(call.Passages[^1].Queue, a.Queue);
            Assert.Equal((a.AbandonedAt - call.Passages[0].Enter).TotalSeconds, a.WaitSeconds, 5);

            var contacts = calls.Where(c => Number(c) == a.Caller && AnsweredAt(c) is { } at && at >= a.AbandonedAt && at <= Now)
                .OrderBy(c => AnsweredAt(c)).ToList();
            Assert.Equal(contacts.Count > 0, a.Reached);
            if (!a.Reached)
            {
                Assert.Null(a.ReachedAt);
                continue;
            }
            var first = byId[a.ReachedCallId!];
            Assert.Equal(AnsweredAt(contacts[0]), a.ReachedAt);
            Assert.Equal(AnsweredAt(first), a.ReachedAt);
            Assert.Equal(first.Direction, a.ReachedBy);
            Assert.True(a.ReachedAt > a.AbandonedAt);
        }
        Assert.Contains(abandoned, a => a.Reached && a.ReachedBy == "outbound");
        Assert.Contains(abandoned, a => a.Reached && a.ReachedBy == "inbound");
        Assert.Contains(abandoned, a => !a.Reached);
    }

    [Fact]
    public async Task WithoutACallbackShareNoAbandonedCallerIsReachedByChance()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--calls-per-hour", "400");
        var abandoned = await SimulatorTruth.AbandonedAsync(sim, Now.AddDays(-1), Now);

        Assert.True(abandoned.Count > 20, $"{abandoned.Count} abandoned");
        Assert.DoesNotContain(abandoned, a => a.Reached);
        Assert.Equal(abandoned.OrderBy(a => a.AbandonedAt).Select(a => a.CallId), abandoned.Select(a => a.CallId));
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameAgentTimesAndAbandonedCallersAndAnotherSeedOthers()
    {
        string[] options = ["--calls-per-hour", "300", "--callback-share", "0.5", "--time-zone", "Australia/Perth"];
        await using var a = await SimulatorClient.StartFrozenAsync(options);
        await using var b = await SimulatorClient.StartFrozenAsync(options);
        await using var c = await SimulatorHost.StartAsync(["--speed", "0", "--start", SimulatorClient.Start, "--seed", "8", .. options]);
        const string Window = "from=2026-11-22T10:00:00Z&to=2026-11-23T10:00:00Z";

        foreach (var route in new[] { "sim/truth/agents", "sim/truth/abandoned", "sim/truth/calls" })
        {
            var first = await a.Http.GetStringAsync($"{route}?{Window}");
            Assert.Equal(first, await b.Http.GetStringAsync($"{route}?{Window}"));
            Assert.NotEqual(first, await c.Http.GetStringAsync($"{route}?{Window}"));
        }
    }
}
