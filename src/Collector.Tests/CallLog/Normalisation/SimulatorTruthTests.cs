using System.Globalization;
using Collector.CallLog.Normalisation;
using Collector.Testing.Truth;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Tests.CallLog.Normalisation;

/// <summary>
/// A simulated day read through the real XAPI client and normalised gives back the simulator's ground truth,
/// call by call: direction, outcome, start, duration, talk, every passage (queue, name, entry, wait to 1 µs, outcome,
/// agent, talk) and every agent leg.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SimulatorTruthTests
{
    const string Start = "2026-11-23T10:00:00Z";
    const string From = "2026-11-22T10:00:00Z";
    static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    [Theory]
    [InlineData("--seed", "7")]
    [InlineData("--seed", "11", "--queues", "5", "--agents", "30", "--calls-per-hour", "200")]
    public async Task EveryFinishedCallOfASimulatedDayNormalisesToItsGroundTruth(params string[] model)
    {
        await using var sim = await SimulatorHost.StartAsync([.. model, "--history-days", "1", "--speed", "0", "--start", Start]);
        var rows = await ReadCallLogAsync(sim);
        var truth = await TruthAsync(sim);
        var normaliser = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance);

        var calls = normaliser.Normalise(rows).ToDictionary(c => c.CallKey);

        Assert.True(truth.Count > 500, $"only {truth.Count} calls");
        Assert.Equal(0, normaliser.Unknown.Total);
        Assert.Equal(truth.Count, calls.Count);
        Assert.Equal(truth.Sum(t => t.Passages.Count), calls.Values.Sum(c => c.Passages.Count));
        foreach (var t in truth)
        {
            Assert.True(calls.TryGetValue(t.CallId, out var call), $"call {t.CallId} missing");
            AssertCall(t, call);
        }

        // Every kind of passage was among them (the comparison above is not vacuous).
        var outcomes = calls.Values.SelectMany(c => c.Passages).Select(p => p.Outcome).ToHashSet();
        Assert.Equal(["abandoned", "answered", "overflow"], outcomes.Order());
    }

    static void AssertCall(TruthCall t, NormalisedCall call)
    {
        var context = $"call {t.CallId}";
        Assert.True(t.Direction == call.Direction, $"{context}: direction {call.Direction}, truth {t.Direction}");
        Assert.True(t.Outcome == call.Outcome, $"{context}: outcome {call.Outcome}, truth {t.Outcome}");
        Assert.Equal(t.Start, call.Start);
        AssertClose(t.Duration ?? throw new InvalidDataException($"{context}: finished without a duration"), call.Duration, context + " duration");
        AssertClose(t.Talk, call.Talk, context + " talk");

        Assert.True(t.Passages.Count == call.Passages.Count, $"{context}: {call.Passages.Count} passages, truth {t.Passages.Count}");
        for (var i = 0; i < t.Passages.Count; i++)
        {
            var (expected, actual) = (t.Passages[i], call.Passages[i]);
            var where = $"{context} passage {i}";
            Assert.Equal(expected.Queue, actual.Queue);
            Assert.Equal(expected.QueueName, actual.QueueName);
            Assert.Equal(expected.Enter, actual.Enter);
            AssertClose(expected.Wait, actual.Wait, where + " wait");
            Assert.True(expected.Outcome == actual.Outcome, $"{where}: outcome {actual.Outcome}, truth {expected.Outcome}");
            Assert.True(expected.Agent == actual.Agent, $"{where}: agent {actual.Agent}, truth {expected.Agent}");
            AssertClose(expected.Talk, actual.Talk, where + " talk");
        }

        Assert.Equal(t.Legs.Count, call.AgentLegs.Count);
        for (var i = 0; i < t.Legs.Count; i++)
        {
            var (expected, actual) = (t.Legs[i], call.AgentLegs[i]);
            Assert.Equal(expected.Agent, actual.Agent);
            // The agent who answers a queue call rang before answering, but (as on V20) their row starts at the answer
            // with PT0S: the call log does not have that ring; it is inside the passage's wait.
            var answersFromQueue = expected.Kind == "queue" && expected.Answered;
            Assert.Equal(answersFromQueue ? expected.Start + expected.Ring : expected.Start, actual.Start);
            AssertClose(answersFromQueue ? TimeSpan.Zero : expected.Ring, actual.Ring, $"{context} leg {i} ring");
            AssertClose(expected.Talk, actual.Talk, $"{context} leg {i} talk");
            Assert.Equal(expected.Answered, actual.Answered);
        }
    }

    static void AssertClose(TimeSpan expected, TimeSpan actual, string what) =>
        Assert.True((expected - actual).Duration() <= Microsecond, $"{what}: {actual.TotalSeconds:R} s, truth {expected.TotalSeconds:R} s");

    static async Task<List<CallLogRow>> ReadCallLogAsync(SimulatorHost sim)
    {
        await using var services = new ServiceCollection().AddXapiClient().BuildServiceProvider();
        var client = services.GetRequiredService<IXapiClientFactory>().Create(new PbxConnection("hq", sim.BaseUrl, sim.ClientId, sim.ClientSecret));
        var rows = new List<CallLogRow>();
        await foreach (var entry in client.GetCallLogAsync(new CallLogQuery(Instant(From), Instant(Start)), CancellationToken.None))
            rows.Add(entry.Row ?? throw new InvalidOperationException(entry.Unreadable!.Reason));
        return rows;
    }

    static async Task<List<TruthCall>> TruthAsync(SimulatorHost sim) =>
        [.. (await SimulatorTruth.CallsAsync(sim, Instant(From), Instant(Start))).Where(c => c.Outcome != "in_progress")];

    static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
