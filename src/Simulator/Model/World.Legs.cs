namespace Simulator.Model;

/// <summary>Agent legs: ringing, answering, talking, transferring and hanging up.</summary>
public sealed partial class World
{
    void RingAgent(Call call, int agent, LegKind kind, int? passage, int? transferredBy)
    {
        var runtime = _agents[agent];
        var leg = new AgentLeg { Agent = agent, Kind = kind, Start = Now, Passage = passage, TransferredBy = transferredBy };
        call.Legs.Add(leg);
        call.RingToken++;
        long ring;
        if (kind == LegKind.Queue)
        {
            call.Passages[passage!.Value].FirstOffer ??= Now;
            call.PlannedAnswer = _rand.Chance(0.93);
            ring = call.PlannedAnswer ? _rand.Seconds(2, 10) : _dir.Queues[call.Passages[passage!.Value].Queue].RingTimeoutSeconds * TimeSpan.TicksPerSecond;
            call.Phase = CallPhase.Offered;
        }
        else
        {
            leg.Reached = runtime.Reachable;
            call.PlannedAnswer = leg.Reached && _rand.Chance(kind == LegKind.Direct ? 0.85 : 0.9);
            ring = call.PlannedAnswer ? _rand.Seconds(3, 15) : 20 * TimeSpan.TicksPerSecond;
            call.Phase = CallPhase.Ringing;
            call.LastChange = Now;
        }
        if (leg.Reached)
        {
            runtime.Activity = AgentActivity.Ringing;
            runtime.Call = call;
        }
        Schedule(Now + ring, new SimEvent(EventKind.RingEnd, call, Token: call.RingToken));
    }

    void OnRingEnd(Call call, int token)
    {
        if (token != call.RingToken || call.Phase is not (CallPhase.Offered or CallPhase.Ringing)) return;
        var leg = call.CurrentLeg!;
        leg.Ring = Now - leg.Start;
        if (!call.PlannedAnswer)
        {
            leg.End = Now;
            if (leg.Kind == LegKind.Queue)
            {
                call.Phase = CallPhase.Queued;
                ReleaseAgent(leg.Agent);
                Dispatch(call.CurrentPassage!.Queue);
                return;
            }
            Finish(call);
            if (leg.Reached) ReleaseAgent(leg.Agent);
            if (leg.Kind == LegKind.Internal) ReleaseAgent(call.OriginAgent!.Value);
            return;
        }

        leg.Answered = true;
        call.Phase = CallPhase.Talking;
        call.LastChange = Now;
        _agents[leg.Agent].Activity = AgentActivity.Talking;
        if (leg.Kind == LegKind.Internal) _agents[call.OriginAgent!.Value].Activity = AgentActivity.Talking;
        if (leg.Passage is int p)
        {
            var passage = call.Passages[p];
            passage.Exit = Now;
            passage.Outcome = PassageOutcome.Answered;
            passage.Agent = leg.Agent;
            _waiting[passage.Queue].Remove(call);
        }
        if ((leg.Kind == LegKind.Queue && _dir.Queues[call.Passages[leg.Passage!.Value].Queue].Recorded)
            || (leg.Kind == LegKind.Outbound && _rand.Chance(0.3)))
            leg.RecordingId = ++_recordingSeq;
        var talk = leg.Kind switch
        {
            LegKind.Outbound => _rand.LogNormal(120, 0.8, 5, 3600),
            LegKind.Internal => _rand.LogNormal(60, 0.8, 3, 1800),
            _ => _rand.LogNormal(120, 0.7, 5, 3600),
        };
        Schedule(Now + talk, new SimEvent(EventKind.TalkEnd, call, Token: ++call.RingToken));
    }

    void OnTalkEnd(Call call, int token)
    {
        if (token != call.RingToken || call.Phase != CallPhase.Talking) return;
        var leg = call.CurrentLeg!;
        leg.Talk = Now - leg.Start - leg.Ring;
        leg.End = Now;
        if (leg.Passage is int p) call.Passages[p].Talk = leg.Talk;

        if (leg.Kind is LegKind.Queue or LegKind.Direct && _rand.Chance(0.05))
        {
            var target = PickReachableAgent(except: leg.Agent);
            if (target >= 0)
            {
                leg.TransferredTo = target;
                ReleaseAgent(leg.Agent);
                RingAgent(call, target, LegKind.Transfer, passage: null, transferredBy: leg.Agent);
                return;
            }
        }
        Finish(call);
        ReleaseAgent(leg.Agent);
        if (leg.Kind == LegKind.Internal) ReleaseAgent(call.OriginAgent!.Value);
    }

    int PickReachableAgent(int except)
    {
        var candidates = new List<int>();
        for (var i = 0; i < _agents.Length; i++)
            if (i != except && _agents[i].Reachable) candidates.Add(i);
        return candidates.Count == 0 ? -1 : candidates[_rand.Pick(candidates.Count)];
    }

    /// <summary>The agent is idle again: presence changes that waited for the call apply, then queues may ring them.</summary>
    void ReleaseAgent(int agent)
    {
        var runtime = _agents[agent];
        runtime.Activity = AgentActivity.Idle;
        runtime.Call = null;
        runtime.IdleSince = Now;
        foreach (var change in runtime.Deferred) Apply(runtime, change);
        runtime.Deferred.Clear();
        DispatchFor(agent);
    }

    /// <summary>Lets the agent's queues offer waiting callers, the queue with the longest-waiting caller first.</summary>
    void DispatchFor(int agent)
    {
        if (!_agents[agent].AvailableForQueue) return;
        var queues = _dir.Agents[agent].Queues
            .Where(q => _waiting[q].Count > 0)
            .OrderBy(q => _waiting[q][0].CurrentPassage!.Enter)
            .ToList();
        foreach (var q in queues) Dispatch(q);
    }
}
