using System.Globalization;
using Collector.Testing.Truth;

namespace Collector.Tests.Simulator;

/// <summary>/sim/truth/agents: each agent's time in each state over a window.</summary>
public sealed class AgentTimeTruthTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.Parse(SimulatorClient.Start, CultureInfo.InvariantCulture);

    [Fact]
    public async Task EachAgentsStatesSumToTheWindowAndTheLoggedInStatesToTheLoggedInTime()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--calls-per-hour", "300");
        var times = await SimulatorTruth.AgentTimesAsync(sim, Now.AddHours(-20), Now);

        Assert.Equal(20 * 3600, times.IntervalSeconds, 6);
        Assert.Equal(12, times.Agents.Count);
        foreach (var agent in times.Agents)
        {
            Assert.Equal(times.IntervalSeconds, agent.States.TotalSeconds, 5);
            Assert.Equal(agent.LoggedInSeconds, agent.LoggedIn.TotalSeconds, 5);
            // Available and away need a logged-in agent; on a call and ringing may also happen logged out.
            Assert.Equal(agent.States.AvailableSeconds, agent.LoggedIn.AvailableSeconds, 5);
            Assert.Equal(agent.States.AwaySeconds, agent.LoggedIn.AwaySeconds, 5);
            Assert.InRange(agent.LoggedIn.OnCallSeconds, 0, agent.States.OnCallSeconds + 1e-6);
            Assert.InRange(agent.LoggedIn.RingingSeconds, 0, agent.States.RingingSeconds + 1e-6);
            Assert.InRange(agent.LoggedInSeconds, 0, times.IntervalSeconds - agent.States.OfflineSeconds - agent.States.LoggedOutSeconds + 1e-5);
        }
        // An agent without a change in the window spent all of it in one state.
        foreach (var agent in times.Agents.Where(a => a.Changes == 0))
            Assert.Contains(times.IntervalSeconds, (double[])[agent.States.OfflineSeconds, agent.States.LoggedOutSeconds, agent.States.AwaySeconds, agent.States.AvailableSeconds]);
        Assert.True(times.Agents.Sum(a => a.Changes) > 12 * 10);
        // The model goes through every state in a working day.
        Assert.True(times.Agents.Sum(a => a.States.AvailableSeconds) > 0);
        Assert.True(times.Agents.Sum(a => a.States.OnCallSeconds) > 0);
        Assert.True(times.Agents.Sum(a => a.States.RingingSeconds) > 0);
        Assert.True(times.Agents.Sum(a => a.States.AwaySeconds) > 0);
        Assert.True(times.Agents.Sum(a => a.States.LoggedOutSeconds) > 0);
        Assert.True(times.Agents.Sum(a => a.States.OfflineSeconds) > 0);
    }

    [Fact]
    public async Task AWindowIsClampedToTheHistoryAndTheSimulatorsNowAndSplitsAdditively()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync("--calls-per-hour", "300");
        var whole = await SimulatorTruth.AgentTimesAsync(sim, Now.AddDays(-5), Now.AddDays(5));
        var first = await SimulatorTruth.AgentTimesAsync(sim, Now.AddDays(-1), Now.AddHours(-7.5));
        var second = await SimulatorTruth.AgentTimesAsync(sim, Now.AddHours(-7.5), Now);

        Assert.Equal(Now.AddDays(-1), whole.From);
        Assert.Equal(Now, whole.To);
        Assert.Equal(86400, whole.IntervalSeconds, 6);
        for (var i = 0; i < whole.Agents.Count; i++)
        {
            Assert.Equal(whole.Agents[i].LoggedInSeconds, first.Agents[i].LoggedInSeconds + second.Agents[i].LoggedInSeconds, 5);
            // A change exactly at the split would count in neither half; at 7.5 h before a frozen now that is (almost) impossible.
            Assert.Equal(whole.Agents[i].Changes, first.Agents[i].Changes + second.Agents[i].Changes);
            Assert.Equal(whole.Agents[i].States.OnCallSeconds, first.Agents[i].States.OnCallSeconds + second.Agents[i].States.OnCallSeconds, 5);
            Assert.Equal(whole.Agents[i].States.AvailableSeconds, first.Agents[i].States.AvailableSeconds + second.Agents[i].States.AvailableSeconds, 5);
        }
    }

    /// <summary>
    /// On a call = talking, or dialling out: an answered leg's talk; an outbound call's dialling (ring) and talk; the
    /// caller of an internal call from the start of the ring to the end of the talk.
    /// </summary>
    [Fact]
    public async Task OnCallTimeIsTheTalkAndDiallingOfTheAgentsLegsInTheCallsTruth()
    {
        // In the evening, after the shifts, most agents are idle: their legs have all ended.
        var evening = DateTimeOffset.Parse("2026-11-23T19:00:00Z", CultureInfo.InvariantCulture);
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-23T19:00:00Z", "--seed", "7", "--calls-per-hour", "300", "--history-days", "1");
        var begin = evening.AddDays(-1);
        var times = await SimulatorTruth.AgentTimesAsync(sim, begin, evening);
        var calls = await SimulatorTruth.CallsAsync(sim, begin, evening);
        var live = await SimulatorTruth.LiveAsync(sim);
        // An agent busy now has a leg whose talk the truth tells only at its end.
        var busyNow = live.Agents.Where(a => a.State is "on_call" or "ringing").Select(a => a.Agent).ToHashSet(StringComparer.Ordinal);

        var expected = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(string agent, double seconds) => expected[agent] = expected.GetValueOrDefault(agent) + seconds;
        foreach (var call in calls)
            foreach (var leg in call.Legs)
            {
                if (leg.Kind == "outbound") Add(leg.Agent, leg.RingSeconds + leg.TalkSeconds);
                else Add(leg.Agent, leg.TalkSeconds);
                if (leg.Kind == "internal") Add(call.Caller, leg.RingSeconds + leg.TalkSeconds);
            }

        var checkedAgents = 0;
        foreach (var agent in times.Agents.Where(a => !busyNow.Contains(a.Agent)))
        {
            Assert.Equal(expected.GetValueOrDefault(agent.Agent), agent.States.OnCallSeconds, 4);
            checkedAgents++;
        }
        Assert.True(checkedAgents >= 10, $"only {checkedAgents} agents idle now");
        Assert.True(times.Agents.Sum(a => a.States.OnCallSeconds) > 3600);
    }

    [Theory]
    [InlineData("sim/truth/agents?from=yesterday")]
    [InlineData("sim/truth/abandoned?to=soon")]
    public async Task AWindowThatIsNotAnInstantIsABadRequest(string url)
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        using var answer = await sim.Http.GetAsync(url);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains("must be an ISO-8601 instant", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
