using System.Text.Json;

namespace Collector.Tests.Simulator;

/// <summary>The live routes show the same world as the ground truth and, later, the call log.</summary>
public sealed class LiveStateTests
{
    [Theory]
    [InlineData("2026-11-23T10:00:00Z")]
    [InlineData("2026-11-23T09:13:27Z")]
    [InlineData("2026-11-23T15:41:05Z")]
    public async Task ActiveCallsUsersAndSystemStatusAgreeWithTheTruthNow(string start)
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", start, "--seed", "3", "--calls-per-hour", "300");
        var client = new SimulatorClient(sim);
        var truth = await client.TruthLiveAsync();
        var active = (await client.GetJsonAsync("xapi/v1/ActiveCalls")).GetProperty("value").EnumerateArray().ToList();
        var users = (await client.GetJsonAsync("xapi/v1/Users?$select=Number,IsRegistered,CurrentProfileName,QueueStatus")).GetProperty("value").EnumerateArray().ToList();
        var status = await client.GetJsonAsync("xapi/v1/SystemStatus");
        var live = (await client.TruthCallsAsync("2026-11-22T00:00:00Z", "2026-11-24T00:00:00Z")).Where(c => c.GetProperty("outcome").GetString() == "in_progress").ToList();

        Assert.Equal(live.Count, active.Count);
        Assert.Equal(live.Count, status.GetProperty("CallsActive").GetInt32());
        Assert.Equal(live.Select(c => c.GetProperty("activeCallId").GetInt32()).Order(), active.Select(a => a.GetProperty("Id").GetInt32()).Order());

        foreach (var queue in truth.GetProperty("queues").EnumerateArray())
        {
            var callee = $"{queue.GetProperty("queue").GetString()} {queue.GetProperty("name").GetString()}";
            var waiting = active.Where(a => a.GetProperty("Callee").GetString() == callee && a.GetProperty("Status").GetString() != "Talking").ToList();
            Assert.Equal(queue.GetProperty("waiting").GetInt32(), waiting.Count);
            var longest = waiting.Select(a => (SimulatorClient.Instant(a.GetProperty("ServerNow")) - SimulatorClient.Instant(a.GetProperty("LastChangeStatus"))).TotalSeconds)
                .DefaultIfEmpty(0).Max();
            Assert.Equal(queue.GetProperty("longestWait_s").GetDouble(), longest, 5);
        }

        var agents = truth.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agent").GetString()!);
        Assert.Equal(agents.Count, users.Count);
        foreach (var user in users)
        {
            var agent = agents[user.GetProperty("Number").GetString()!];
            Assert.Equal(agent.GetProperty("registered").GetBoolean(), user.GetProperty("IsRegistered").GetBoolean());
            Assert.Equal(agent.GetProperty("profile").GetString(), user.GetProperty("CurrentProfileName").GetString());
            Assert.Equal(agent.GetProperty("queueStatus").GetString(), user.GetProperty("QueueStatus").GetString());
            var onCall = active.Any(a => a.GetProperty("Callee").GetString()!.StartsWith(user.GetProperty("Number").GetString() + " ", StringComparison.Ordinal)
                || a.GetProperty("Caller").GetString()!.StartsWith(user.GetProperty("Number").GetString() + " ", StringComparison.Ordinal));
            if (agent.GetProperty("state").GetString() == "on_call") Assert.True(onCall);
        }
        Assert.Equal(agents.Values.Count(a => a.GetProperty("registered").GetBoolean()), status.GetProperty("ExtensionsRegistered").GetInt32());
    }

    [Theory]
    [InlineData("nameDn")]
    [InlineData("bare")]
    [InlineData("mixed")]
    public async Task ActiveCallsWriteCallerAndCalleeInTheDisplayFormChosenInFaultsAndBackToDnNameWhenCleared(string form)
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-23T10:00:00Z", "--seed", "3", "--calls-per-hour", "300");
        var client = new SimulatorClient(sim);
        var names = new Dictionary<string, string> { ["8000"] = "Main Menu" };      // DN → 3CX's name in "<name> (<DN>)"
        foreach (var q in (await client.GetJsonAsync("xapi/v1/Queues")).GetProperty("value").EnumerateArray())
            names[q.GetProperty("Number").GetString()!] = q.GetProperty("Name").GetString()!;
        foreach (var u in (await client.GetJsonAsync("xapi/v1/Users?$select=Number,FirstName,LastName")).GetProperty("value").EnumerateArray())
            names[u.GetProperty("Number").GetString()!] = $"{u.GetProperty("LastName").GetString()}, {u.GetProperty("FirstName").GetString()}";
        var plain = await ActiveCallsAsync(client);

        await sim.SetFaultsAsync(new { displayForm = form });
        var written = await ActiveCallsAsync(client);
        using var faults = JsonDocument.Parse(await sim.Http.GetStringAsync("sim/faults"));

        Assert.Equal(form, faults.RootElement.GetProperty("displayForm").GetString());
        Assert.Equal(plain.Keys.Order(), written.Keys.Order());
        var kinds = new HashSet<string>();
        foreach (var (id, call) in plain)
        {
            var other = written[id];
            Assert.Equal((call.Status, call.LastChangeStatus), (other.Status, other.LastChangeStatus));
            Assert.Equal(Rewrite(call.Caller), other.Caller);
            Assert.Equal(Rewrite(call.Callee), other.Callee);
        }
        Assert.Superset(new HashSet<string> { "queue", "agent", "external" }, kinds);

        await sim.ClearFaultsAsync();
        Assert.Equal(plain.OrderBy(c => c.Key), (await ActiveCallsAsync(client)).OrderBy(c => c.Key));

        // The default form is "<DN> <name>" inside the PBX and the bare number outside it.
        string Rewrite(string text)
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                kinds.Add("external");
                return form == "bare" ? text : $"Main Trunk:GUEST {text[^3..]} ({text})";
            }
            var dn = text[..space];
            kinds.Add(dn == "8000" ? "ivr" : dn.StartsWith("80", StringComparison.Ordinal) ? "queue" : "agent");
            return form switch { "nameDn" => $"{names[dn]} ({dn})", "bare" => dn, _ => text };
        }
    }

    static async Task<Dictionary<int, (string Caller, string Callee, string Status, string LastChangeStatus)>> ActiveCallsAsync(SimulatorClient client) =>
        (await client.GetJsonAsync("xapi/v1/ActiveCalls")).GetProperty("value").EnumerateArray().ToDictionary(
            c => c.GetProperty("Id").GetInt32(),
            c => (c.GetProperty("Caller").GetString()!, c.GetProperty("Callee").GetString()!, c.GetProperty("Status").GetString()!,
                c.GetProperty("LastChangeStatus").GetString()!));

    [Fact]
    public async Task ACallerWaitingNowAppearsLaterInTheCallLogWithTheSameQueueEntry()
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", SimulatorClient.Start, "--seed", "5", "--calls-per-hour", "400");
        var client = new SimulatorClient(sim);
        var waiting = (await client.GetJsonAsync("xapi/v1/ActiveCalls")).GetProperty("value").EnumerateArray()
            .First(a => a.GetProperty("Callee").GetString()!.StartsWith("80", StringComparison.Ordinal) && a.GetProperty("Status").GetString() != "Talking");
        var entered = SimulatorClient.Instant(waiting.GetProperty("LastChangeStatus"));
        var id = waiting.GetProperty("Id").GetInt32();

        await sim.AdvanceClockAsync(TimeSpan.FromHours(3));
        var call = (await client.TruthCallsAsync("2026-11-23T07:00:00Z", SimulatorClient.Start)).Single(c => c.GetProperty("activeCallId").GetInt32() == id);
        Assert.NotEqual("in_progress", call.GetProperty("outcome").GetString());
        await client.TokenAsync();
        var rows = (await client.AllCallLogRowsAsync("2026-11-23T07:00:00Z", "2026-11-23T13:00:00Z"))
            .Where(r => r.GetProperty("MainCallHistoryId").GetString() == call.GetProperty("callId").GetString()).ToList();
        Assert.Contains(rows, r => r.GetProperty("CallType").GetString() == "Queue" && SimulatorClient.Instant(r.GetProperty("StartTime")) == entered
            && r.GetProperty("DestinationDn").GetString() == waiting.GetProperty("Callee").GetString()!.Split(' ')[0]);
    }

    [Fact]
    public async Task QueuesExpandTheirAgentsAndTheTruthCountsOnlyLoggedInMembers()
    {
        await using var sim = await SimulatorClient.StartFrozenAsync();
        var client = new SimulatorClient(sim);
        var queues = await client.GetJsonAsync("xapi/v1/Queues?$expand=Agents");
        Assert.EndsWith("$metadata#Queues(Agents())", queues.GetProperty("@odata.context").GetString());
        var truth = await client.TruthLiveAsync();
        var agents = truth.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("agent").GetString()!);
        foreach (var q in queues.GetProperty("value").EnumerateArray())
        {
            var members = q.GetProperty("Agents").EnumerateArray().Select(a => agents[a.GetProperty("Number").GetString()!]).ToList();
            Assert.NotEmpty(members);
            var t = truth.GetProperty("queues").EnumerateArray().Single(x => x.GetProperty("queue").GetString() == q.GetProperty("Number").GetString());
            var loggedIn = members.Count(m => m.GetProperty("registered").GetBoolean() && m.GetProperty("queueStatus").GetString() == "LoggedIn");
            Assert.Equal(loggedIn, t.GetProperty("agentsLoggedIn").GetInt32());
            Assert.Equal(loggedIn, t.GetProperty("agentsAvailable").GetInt32() + t.GetProperty("agentsOnCall").GetInt32() + t.GetProperty("agentsAway").GetInt32());
        }
        using var plain = JsonDocument.Parse(await (await client.GetAsync("xapi/v1/Queues")).Content.ReadAsStringAsync());
        Assert.All(plain.RootElement.GetProperty("value").EnumerateArray(), q => Assert.False(q.TryGetProperty("Agents", out _)));
    }

    [Fact]
    public async Task AgentsChangeStateThroughTheDay()
    {
        await using var sim = await SimulatorHost.StartAsync("--speed", "0", "--start", "2026-11-23T05:00:00Z", "--seed", "2");
        var client = new SimulatorClient(sim);
        var seen = new HashSet<string>();
        var profiles = new HashSet<string>();
        for (var hour = 0; hour < 16; hour++)
        {
            foreach (var a in (await client.TruthLiveAsync()).GetProperty("agents").EnumerateArray())
            {
                seen.Add(a.GetProperty("state").GetString()!);
                profiles.Add(a.GetProperty("profile").GetString()!);
            }
            await sim.AdvanceClockAsync(TimeSpan.FromMinutes(53));
        }
        Assert.Superset(new HashSet<string> { "offline", "on_call", "available", "away" }, seen);
        Assert.Superset(new HashSet<string> { "Available", "Out of office", "Lunch" }, profiles);
    }
}
