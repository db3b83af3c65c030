using Collector.ThreeCx;

namespace Collector.Live.Derivation;

/// <summary>
/// Applies <see cref="LiveRules"/> to one snapshot's inputs. Pure: the same inputs give the same snapshot, and
/// nothing is read from a clock or the network. A caller or callee is resolved to a queue or agent by
/// <see cref="PartyResolver"/> (every display form 3CX uses) through span-keyed dictionaries, so reading the calls
/// allocates nothing.
/// </summary>
internal static class LiveDerivation
{
    public static LiveSnapshot Derive(LiveInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var queues = new QueueIndex(inputs.Queues);
        var users = IndexUsers(inputs.Users);
        var calls = ReadCalls(inputs, queues, new PartyResolver(queues, users));

        var agents = new AgentLive[queues.Members.Count];
        var loggedIn = new bool[agents.Length];
        var totals = new AgentTotals();
        for (var i = 0; i < agents.Length; i++)
        {
            var member = queues.Members[i];
            users.TryGetValue(member.Number, out var user);
            var involvement = calls.Involvement[i];
            var state = LiveRules.StateOf(user, involvement);
            agents[i] = new AgentLive(member.Number, NameOf(user, member), state, LiveRules.IsRegistered(user),
                LiveRules.IsLoggedIn(user), involvement == CallInvolvement.Engaged, user?.CurrentProfileName);
            loggedIn[i] = LiveRules.CountsAsLoggedIn(user);
            totals.Add(state, loggedIn[i], LiveRules.IsRegistered(user));
        }

        var queueLive = new QueueLive[queues.Queues.Count];
        for (var q = 0; q < queueLive.Length; q++)
        {
            var counts = new AgentTotals();
            foreach (var m in queues.MembersOf[q])
                counts.Add(agents[m].State, loggedIn[m], agents[m].Registered);
            var queue = queues.Queues[q];
            queueLive[q] = new QueueLive(queue.Number, queue.Name, calls.Waiting[q], calls.LongestWait[q],
                counts.LoggedIn, counts.Available, counts.OnCall, counts.Away);
        }

        var status = inputs.SystemStatus;
        var pbx = new PbxLive(inputs.ActiveCalls.Count, calls.Waiting.Sum(), calls.LongestWait.DefaultIfEmpty(0).Max(),
            agents.Length, totals.LoggedIn, totals.Available, totals.OnCall, totals.Ringing, totals.Away, totals.LoggedOut, totals.Offline,
            status?.ExtensionsRegistered, status?.ExtensionsTotal, status?.TrunksRegistered, status?.TrunksTotal);
        return new LiveSnapshot(inputs.ServerNow, queueLive, agents, pbx);
    }

    /// <summary>The user's DisplayName, else first and last name, else the queue's name for the member, else the number.</summary>
    static string NameOf(XapiUser? user, Member member)
    {
        if (!string.IsNullOrWhiteSpace(user?.DisplayName)) return user.DisplayName;
        var joined = $"{user?.FirstName} {user?.LastName}".Trim();
        if (joined.Length > 0) return joined;
        return string.IsNullOrWhiteSpace(member.Name) ? member.Number : member.Name;
    }

    /// <summary>The users by extension number (ordinal, the first of each number).</summary>
    internal static Dictionary<string, XapiUser> IndexUsers(IReadOnlyList<XapiUser> users)
    {
        var index = new Dictionary<string, XapiUser>(users.Count, StringComparer.Ordinal);
        foreach (var user in users)
            if (!string.IsNullOrEmpty(user.Number))
                index.TryAdd(user.Number, user);
        return index;
    }

    static CallFacts ReadCalls(LiveInputs inputs, QueueIndex queues, PartyResolver parties)
    {
        var facts = new CallFacts(queues.Queues.Count, queues.Members.Count);
        foreach (var call in inputs.ActiveCalls)
        {
            var callee = parties.DnOf(call.Callee);
            if (queues.FindQueue(callee) is int q && LiveRules.IsWaitingInQueue(call, calleeIsQueue: true))
            {
                facts.Waiting[q]++;
                facts.LongestWait[q] = Math.Max(facts.LongestWait[q], LiveRules.WaitSeconds(call, inputs.ServerNow));
            }
            if (queues.FindMember(callee) is int calleeAgent)
                facts.Involve(calleeAgent, LiveRules.AsCallee(call));
            if (queues.FindMember(parties.DnOf(call.Caller)) is int callerAgent)
                facts.Involve(callerAgent, LiveRules.AsCaller(call));
        }
        return facts;
    }

    sealed class CallFacts(int queues, int members)
    {
        public int[] Waiting { get; } = new int[queues];
        public double[] LongestWait { get; } = new double[queues];
        public CallInvolvement[] Involvement { get; } = new CallInvolvement[members];

        public void Involve(int member, CallInvolvement involvement)
        {
            if (involvement > Involvement[member]) Involvement[member] = involvement;
        }
    }

    /// <summary>Agent counts as <see cref="LiveRules.QueueCountOf"/> buckets them, plus those not logged in.</summary>
    sealed class AgentTotals
    {
        public int Available, OnCall, Ringing, Away, LoggedOut, Offline;

        public int LoggedIn => Available + OnCall + Away;

        public void Add(AgentState state, bool loggedIn, bool registered)
        {
            if (!loggedIn)
            {
                if (registered) LoggedOut++;
                else Offline++;
                return;
            }
            switch (LiveRules.QueueCountOf(state))
            {
                case QueueAgentCount.Available: Available++; break;
                case QueueAgentCount.OnCall: OnCall++; break;
                default: Away++; break;
            }
            if (state == AgentState.Ringing) Ringing++;
        }
    }
}
