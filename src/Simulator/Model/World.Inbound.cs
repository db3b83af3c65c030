namespace Simulator.Model;

/// <summary>Inbound calls: arrival, Digital Receptionist, queues (wait, abandon, overflow) and direct calls.</summary>
public sealed partial class World
{
    void OnInboundArrival()
    {
        ScheduleNextArrival(EventKind.InboundArrival, 1.0);
        var number = _rand.PhoneNumber();
        var route = _rand.Uniform();
        if (route < 0.65)
        {
            var call = NewCall(CallDirection.Inbound, number, number, PbxDirectory.IvrNumber);
            call.Ivr = new IvrSegment { Start = Now };
            call.Phase = CallPhase.Ivr;
            var hangUp = _rand.Chance(0.03);
            Schedule(Now + (hangUp ? _rand.Seconds(2, 10) : _rand.Seconds(4, 20)), new SimEvent(EventKind.IvrDone, call, Token: hangUp ? 1 : 0));
        }
        else if (route < 0.92)
        {
            var queue = PickQueue();
            var call = NewCall(CallDirection.Inbound, number, number, _dir.Queues[queue].Number);
            EnterQueue(call, queue);
        }
        else
        {
            var agent = _rand.Pick(_agents.Length);
            var call = NewCall(CallDirection.Inbound, number, number, _dir.Agents[agent].Number);
            RingAgent(call, agent, LegKind.Direct, passage: null, transferredBy: null);
        }
    }

    int PickQueue() => _rand.Weighted(_dir.Queues.Select(q => q.Weight).ToArray());

    void OnIvrDone(Call call, int hungUp)
    {
        call.Ivr!.End = Now;
        if (hungUp == 1)
        {
            call.Ivr.CallerHungUp = true;
            Finish(call);
        }
        else if (_rand.Chance(0.92)) EnterQueue(call, PickQueue());
        else RingAgent(call, _rand.Pick(_agents.Length), LegKind.Direct, passage: null, transferredBy: null);
    }

    void EnterQueue(Call call, int queue)
    {
        var first = call.Passages.Count == 0;
        call.Passages.Add(new Passage { Queue = queue, Enter = Now, Pickup = _rand.Seconds(0.01, 0.2) });
        call.Phase = CallPhase.Queued;
        call.LastChange = Now;
        _waiting[queue].Add(call);
        if (first)
        {
            // Patience counts from the first queue: a few callers hang up within seconds.
            var patience = _rand.Chance(0.07) ? _rand.Seconds(1, 5) : _rand.Seconds(12, 12) + _rand.Exponential(150);
            call.PatienceEnd = Now + Math.Min(patience, TimeSpan.TicksPerSecond * 1200);
            Schedule(call.PatienceEnd, new SimEvent(EventKind.Abandon, call));
            var def = _dir.Queues[queue];
            if (def.OverflowTo is not null)
                Schedule(Now + def.MasterTimeoutSeconds * TimeSpan.TicksPerSecond, new SimEvent(EventKind.Overflow, call, Token: 0));
        }
        Dispatch(queue);
    }

    /// <summary>Offers the longest-waiting callers of a queue to its longest-idle available agents.</summary>
    void Dispatch(int queue)
    {
        foreach (var call in _waiting[queue])
        {
            if (call.Phase != CallPhase.Queued) continue;
            var agent = LongestIdleMember(queue);
            if (agent < 0) return;
            RingAgent(call, agent, LegKind.Queue, passage: call.Passages.Count - 1, transferredBy: null);
        }
    }

    int LongestIdleMember(int queue)
    {
        var best = -1;
        foreach (var def in _dir.Agents)
        {
            if (!def.Queues.Contains(queue) || !_agents[def.Index].AvailableForQueue) continue;
            if (best < 0 || _agents[def.Index].IdleSince < _agents[best].IdleSince) best = def.Index;
        }
        return best;
    }

    void OnAbandon(Call call)
    {
        if (call.Phase is not (CallPhase.Queued or CallPhase.Offered)) return;
        var passage = call.CurrentPassage!;
        CancelOffer(call);
        passage.Exit = Now;
        passage.Outcome = PassageOutcome.Abandoned;
        _waiting[passage.Queue].Remove(call);
        Finish(call);
        ScheduleCallback(call);
    }

    void OnOverflow(Call call, int passageIndex)
    {
        if (call.Phase is not (CallPhase.Queued or CallPhase.Offered) || call.Passages.Count - 1 != passageIndex) return;
        var passage = call.CurrentPassage!;
        CancelOffer(call);
        passage.Exit = Now;
        passage.Outcome = PassageOutcome.Overflow;
        _waiting[passage.Queue].Remove(call);
        EnterQueue(call, _dir.Queues[passage.Queue].OverflowTo!.Value);
    }

    /// <summary>Stops ringing an agent for a queued call (the caller left the queue).</summary>
    void CancelOffer(Call call)
    {
        if (call.Phase != CallPhase.Offered) return;
        var leg = call.CurrentLeg!;
        leg.Ring = Now - leg.Start;
        leg.End = Now;
        call.RingToken++;
        ReleaseAgent(leg.Agent);
    }
}
