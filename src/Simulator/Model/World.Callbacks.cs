namespace Simulator.Model;

/// <summary>
/// Second tries after an abandon: a share of abandoned callers is called back by an agent (an outbound call to their
/// number) or calls again (an inbound call from it to the same queue), 2 to 60 minutes later. Whether either answers
/// is the model's usual chance, so some are reached and some are not. The choices come from their own seeded stream.
/// </summary>
public sealed partial class World
{
    const int AgentCallsBack = 0;
    const int CallerCallsAgain = 1;

    void ScheduleCallback(Call abandoned)
    {
        if (_callbackShare <= 0 || !_callbackRand.Chance(_callbackShare)) return;
        var delay = _callbackRand.Seconds(120, 3600);
        var who = _callbackRand.Chance(0.5) ? AgentCallsBack : CallerCallsAgain;
        Schedule(Now + delay, new SimEvent(EventKind.Callback, abandoned, Token: who));
    }

    void OnCallback(Call abandoned, int who)
    {
        if (who == AgentCallsBack)
        {
            // Nobody free to call back: the caller stays on the list (not reached).
            var agent = PickReachableAgent(except: -1);
            if (agent >= 0) PlaceOutbound(agent, abandoned.CallerNumber);
            return;
        }
        var queue = abandoned.Passages[^1].Queue;
        var call = NewCall(CallDirection.Inbound, abandoned.CallerNumber, abandoned.CallerName, _dir.Queues[queue].Number);
        EnterQueue(call, queue);
    }
}
