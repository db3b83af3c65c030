namespace Simulator.Model;

/// <summary>Agents' own calls (outbound, internal) and their working day: shifts, breaks, queue log-outs, registration.</summary>
public sealed partial class World
{
    void OnOutboundAttempt()
    {
        ScheduleNextArrival(EventKind.OutboundAttempt, OutboundShare);
        var agent = PickReachableAgent(except: -1);
        if (agent < 0) return;
        PlaceOutbound(agent, _rand.PhoneNumber());
    }

    /// <summary>The agent dials an external number; the far end answers or not.</summary>
    void PlaceOutbound(int agent, string number)
    {
        var def = _dir.Agents[agent];
        var call = NewCall(CallDirection.Outbound, def.Number, def.DisplayName, number, origin: agent);
        call.Legs.Add(new AgentLeg { Agent = agent, Kind = LegKind.Outbound, Start = Now });
        call.RingToken++;
        call.PlannedAnswer = _rand.Chance(0.7);
        call.Phase = CallPhase.Ringing;
        _agents[agent].Activity = AgentActivity.Dialing;
        _agents[agent].Call = call;
        var ring = call.PlannedAnswer ? _rand.Seconds(3, 25) : 30 * TimeSpan.TicksPerSecond;
        Schedule(Now + ring, new SimEvent(EventKind.RingEnd, call, Token: call.RingToken));
    }

    void OnInternalAttempt()
    {
        ScheduleNextArrival(EventKind.InternalAttempt, InternalShare);
        var caller = PickReachableAgent(except: -1);
        if (caller < 0) return;
        var callee = PickReachableAgent(except: caller);
        if (callee < 0) return;
        var def = _dir.Agents[caller];
        var call = NewCall(CallDirection.Internal, def.Number, def.DisplayName, _dir.Agents[callee].Number, origin: caller);
        _agents[caller].Activity = AgentActivity.Dialing;
        _agents[caller].Call = call;
        RingAgent(call, callee, LegKind.Internal, passage: null, transferredBy: null);
    }

    void OnAgentChange(int agent, AgentChange change)
    {
        var runtime = _agents[agent];
        if (runtime.Activity != AgentActivity.Idle)
        {
            runtime.Deferred.Add(change);
            return;
        }
        Apply(runtime, change);
        DispatchFor(agent);
    }

    static void Apply(AgentRuntime runtime, AgentChange change)
    {
        if (change.Registered is bool registered) runtime.Registered = registered;
        if (change.LoggedIn is bool loggedIn) runtime.LoggedIn = loggedIn;
        if (change.Profile is { } profile) runtime.Profile = profile;
    }

    /// <summary>At each local midnight of the call centre (and at the start of the history) plans every agent's day.</summary>
    void PlanDay()
    {
        var localDay = _zone.Local(Now).Date;
        Schedule(_zone.NextDayStart(Now), new SimEvent(EventKind.DayPlan));
        var weekend = localDay.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        const long Minute = TimeSpan.TicksPerMinute;
        foreach (var def in _dir.Agents)
        {
            if ((weekend && !def.WorksWeekends) || _rand.Chance(0.04)) continue;
            var start = _zone.ToUtc(localDay.AddHours(def.ShiftStartHour)) + _rand.Seconds(-900, 900);
            var end = start + def.ShiftHours * TimeSpan.TicksPerHour + _rand.Seconds(-600, 1200);
            Plan(def.Index, start, new AgentChange(true, true, Profiles.Available));

            var lunch = start + 4 * TimeSpan.TicksPerHour + _rand.Seconds(-1800, 1800);
            Plan(def.Index, lunch, new AgentChange(Profile: Profiles.Lunch));
            Plan(def.Index, lunch + 30 * Minute + _rand.Seconds(0, 900), new AgentChange(Profile: Profiles.Available));

            for (var b = _rand.Pick(3); b > 0; b--)
            {
                var away = start + Minute * 30 + (long)(_rand.Uniform() * (end - start - 60 * Minute));
                Plan(def.Index, away, new AgentChange(Profile: Profiles.Away));
                Plan(def.Index, away + _rand.Seconds(180, 900), new AgentChange(Profile: Profiles.Available));
            }
            if (_rand.Chance(0.3))
            {
                var admin = start + Minute * 60 + (long)(_rand.Uniform() * (end - start - 120 * Minute));
                Plan(def.Index, admin, new AgentChange(LoggedIn: false));
                Plan(def.Index, admin + _rand.Seconds(600, 2400), new AgentChange(LoggedIn: true));
            }
            if (_rand.Chance(0.1))
            {
                var blip = start + (long)(_rand.Uniform() * (end - start));
                Plan(def.Index, blip, new AgentChange(Registered: false));
                Plan(def.Index, blip + _rand.Seconds(60, 600), new AgentChange(Registered: true));
            }
            var stayRegistered = _rand.Chance(0.2);
            Plan(def.Index, end, new AgentChange(stayRegistered, false, Profiles.OutOfOffice));
        }
    }

    /// <summary>Changes planned before the start of the history take effect at its start, in their order.</summary>
    void Plan(int agent, long at, AgentChange change) =>
        Schedule(Math.Max(at, Now), new SimEvent(EventKind.AgentChange, Agent: agent, Change: change));
}
