using System.Text.Json;
using Collector.Tests.Grafana.Support;
using Collector.Tests.Live.Support;
using Collector.Tests.Support;
using Collector.Testing.Truth;

namespace Collector.Tests.Live;

/// <summary>
/// Live snapshots every five simulated seconds over a busy stretch (seed 11, from 13:06), with a two-minute outage in
/// the middle, then the agents dashboard's own "time in state per local day" query against the real influxd: per agent,
/// logged-in time and its split (available, on a call, ringing, away; a queue's ringing shows as available) equal
/// <c>/sim/truth/agents</c> over the observed time within one snapshot interval per state change, the outage is counted only as the cap (two intervals), and
/// occupancy is on a call ÷ (on a call + available).
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed class LiveAgentTimeTests(InfluxFixture influx)
{
    static readonly string[] World = ["--speed", "0", "--start", "2026-11-23T11:20:00Z", "--seed", "11", "--calls-per-hour", "300"];
    static readonly TimeSpan ToStretch = new(1, 46, 0);
    static readonly TimeSpan Step = TimeSpan.FromSeconds(5);   // the rig's LiveSnapshotInterval (the default)
    static readonly TimeSpan Outage = TimeSpan.FromMinutes(2);
    static readonly TimeSpan Cap = Step * 2;
    const int Snapshots = 60;
    const string Zone = "Europe/Berlin";

    [Fact]
    public async Task TheAgentsDashboardsTimeInStatePerDayIsTheTruthOverTheObservedTime()
    {
        await using var sim = await SimulatorHost.StartAsync(World);
        await using var rig = LiveRig.Create(sim, influx.Server, "live_agent_time");
        await sim.AdvanceClockAsync(ToStretch);

        var before = await SnapshotsAsync(rig, sim);
        await sim.AdvanceClockAsync(Outage);
        var after = await SnapshotsAsync(rig, sim);
        // What the snapshots vouch for: the first stretch, and of the second the cap before its first snapshot.
        (DateTimeOffset From, DateTimeOffset To)[] observed = [(before[0], before[^1]), (after[0] - Cap, after[^1])];

        var truths = new List<TruthAgentTimes>();
        foreach (var (from, to) in observed)
            truths.Add(await SimulatorTruth.AgentTimesAsync(sim, from, to));
        var agents = truths[0].Agents.Select(a => a.Agent).ToArray();
        var shown = await DashboardAsync(rig, agents, before[0], after[^1]);

        var observedSeconds = observed.Sum(w => (w.To - w.From).TotalSeconds);
        var busy = 0;
        foreach (var agent in agents)
        {
            var parts = truths.Select(t => t.Agents.Single(a => a.Agent == agent)).ToList();
            var row = shown[agent];
            var tolerance = Step.TotalSeconds * parts.Sum(p => p.Changes) + 1;
            var what = $"agent {agent} ({parts.Sum(p => p.Changes)} changes)";
            Assert.True(Math.Abs(observedSeconds - row["observed"]) < 1, $"{what}: observed {row["observed"]} s, expected {observedSeconds} s");
            AssertClose(parts.Sum(p => p.LoggedInSeconds), row["logged in"], tolerance, $"{what}: logged in");
            // While a queue rings an agent, ActiveCalls names only the queue (docs/live-state.md), so the collector books
            // that ringing as available: the two together are the truth, and ringing shown is at most the truth's.
            AssertClose(parts.Sum(p => p.LoggedIn.AvailableSeconds + p.LoggedIn.RingingSeconds), row["available"] + row["ringing"], tolerance,
                $"{what}: available + ringing");
            Assert.True(row["ringing"] <= parts.Sum(p => p.LoggedIn.RingingSeconds) + tolerance, $"{what}: ringing {row["ringing"]} s, more than the truth");
            AssertClose(parts.Sum(p => p.LoggedIn.OnCallSeconds), row["on a call"], tolerance, $"{what}: on a call");
            AssertClose(parts.Sum(p => p.LoggedIn.AwaySeconds), row["away"], tolerance, $"{what}: away");
            if (row["on a call"] + row["available"] > 0)
                AssertClose(row["on a call"] / (row["on a call"] + row["available"]), row["occupancy"], 1e-9, $"{what}: occupancy");
            if (parts.Sum(p => p.LoggedIn.OnCallSeconds) > 60) busy++;
        }
        Assert.True(busy >= 3, $"only {busy} agents talked for a minute in the stretch");
        Assert.True(agents.Length >= 5, $"only {agents.Length} agents");
    }

    /// <summary>Takes <see cref="Snapshots"/> snapshots a step apart; the PBX instants they were stamped with.</summary>
    static async Task<List<DateTimeOffset>> SnapshotsAsync(LiveRig rig, SimulatorHost sim)
    {
        var stamps = new List<DateTimeOffset>();
        for (var i = 0; i < Snapshots; i++)
        {
            if (i > 0) await sim.AdvanceClockAsync(Step);
            var run = await rig.Collector.RunAsync(CancellationToken.None);
            Assert.True(run.Succeeded, run.Report.Error);
            Assert.True(run.Delivery is not null, "the snapshot was not delivered");
            stamps.Add(run.Snapshot!.At);
        }
        return stamps;
    }

    /// <summary>The dashboard's query for all agents in the zone, summed per agent over the local days it covers.</summary>
    async Task<Dictionary<string, Dictionary<string, double>>> DashboardAsync(LiveRig rig, string[] agents, DateTimeOffset from, DateTimeOffset to)
    {
        var dashboard = GrafanaFiles.Dashboard("threecx-agents");
        var target = dashboard.Panels.SelectMany(p => p.Targets).Single(t => t.RefId == "agent_time_in_state");
        var selection = new Dictionary<string, string[]> { ["pbx"] = [LiveRig.Pbx], ["agent"] = agents, ["queue"] = ["800"], ["timezone"] = [Zone] };
        var query = InfluxQlMacros.Expand(target.Query, from, to, Step, selection);
        Assert.EndsWith($" tz('{Zone}')", query, StringComparison.Ordinal);
        var runner = new DashboardQueryRunner(influx.Server.Http, rig.Database, to, TimeZoneInfo.FindSystemTimeZoneById(Zone));
        var result = await runner.RunAsync(query, pinNow: false);
        Assert.True(result.Error is null, $"{query}: {result.Error}");
        var rows = new Dictionary<string, Dictionary<string, double>>();
        foreach (var series in result.Series)
        {
            var sums = rows[series.Tag("agent")] = new Dictionary<string, double>();
            foreach (var values in series.Rows)
                for (var c = 1; c < series.Columns.Count; c++)
                    if (values[c].ValueKind == JsonValueKind.Number)
                        sums[series.Columns[c]] = sums.GetValueOrDefault(series.Columns[c]) + values[c].GetDouble();
            Assert.Single(series.Rows);   // the stretch lies within one local day
        }
        return rows;
    }

    static void AssertClose(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: the truth says {expected:0.###} s, the dashboard {actual:0.###} s (tolerance {tolerance:0.###})");
}
