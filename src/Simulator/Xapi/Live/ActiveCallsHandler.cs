using Simulator.Faults;
using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Live;

/// <summary>
/// <c>GET /xapi/v1/ActiveCalls</c>: one entry per call in progress. A caller waiting in a queue has the
/// queue as Callee (<c>"800 Sales"</c>), Status <c>Ringing</c> (or <c>Routing</c> while an agent is rung) and
/// LastChangeStatus = when it entered the queue; an answered call is <c>Talking</c> with the agent as Callee.
/// Caller and Callee are written in the display form that <c>/sim/faults</c> chose (<see cref="ActiveCallDisplayForm"/>).
/// </summary>
public sealed class ActiveCallsHandler(SimulationHost host, FaultSettings faults)
{
    public static readonly string[] Properties = ["Id", "Caller", "Callee", "Status", "LastChangeStatus", "EstablishedAt", "ServerNow"];

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.ActiveCall", Properties);
        var form = faults.DisplayForm;
        return host.Read((world, now) =>
        {
            var entities = world.LiveCalls.Select(call => Entity(world.Directory, call, now, form)).ToList();
            return EntitySet.Respond(request, "ActiveCalls", entities, options);
        });
    }

    static EntityObject Entity(PbxDirectory dir, Call call, DateTimeOffset now, ActiveCallDisplayForm form)
    {
        var (callee, status, lastChange) = call.Phase switch
        {
            CallPhase.Ivr => (Internal(PbxDirectory.IvrNumber, PbxDirectory.IvrName, PbxDirectory.IvrName, form), "Talking", call.Ivr!.Start),
            CallPhase.Queued or CallPhase.Offered => (Queue(dir, call.CurrentPassage!.Queue, form),
                call.Phase == CallPhase.Queued ? "Ringing" : "Routing", call.CurrentPassage!.Enter),
            _ => (Party(dir, call, form), call.Phase == CallPhase.Talking ? "Talking" : "Ringing", call.LastChange),
        };
        var caller = call.OriginAgent is int a ? Agent(dir, a, form) : External(call.CallerNumber, form);
        return new EntityObject()
            .Add("Id", call.Seq)
            .Add("Caller", caller)
            .Add("Callee", callee)
            .Add("Status", status)
            .Add("LastChangeStatus", JsonFormats.Instant(lastChange))
            .Add("EstablishedAt", JsonFormats.Instant(call.Start))
            .Add("ServerNow", JsonFormats.Instant(now));
    }

    static string Party(PbxDirectory dir, Call call, ActiveCallDisplayForm form)
    {
        var leg = call.Legs[^1];
        return leg.Kind == LegKind.Outbound ? External(call.CalleeNumber, form) : Agent(dir, leg.Agent, form);
    }

    static string Queue(PbxDirectory dir, int queue, ActiveCallDisplayForm form)
    {
        var q = dir.Queues[queue];
        return Internal(q.Number, q.Name, q.Name, form);
    }

    /// <summary>An agent: <c>"101 Anna Berg"</c>, or 3CX's <c>"Berg, Anna (101)"</c>, or <c>"101"</c>.</summary>
    static string Agent(PbxDirectory dir, int agent, ActiveCallDisplayForm form)
    {
        var a = dir.Agents[agent];
        return Internal(a.Number, a.DisplayName, $"{a.LastName}, {a.FirstName}", form);
    }

    static string Internal(string dn, string name, string displayName, ActiveCallDisplayForm form) => form switch
    {
        ActiveCallDisplayForm.NameDn => $"{displayName} ({dn})",
        ActiveCallDisplayForm.Bare => dn,
        _ => $"{dn} {name}",
    };

    /// <summary>
    /// An external party: the bare number, or (<c>nameDn</c>, <c>mixed</c>) <c>"Main Trunk:GUEST 234 (+4930…234)"</c>,
    /// the trunk's name and a caller name with the number's last three digits (as in 3CX's
    /// <c>"HeadPinz Fort Myers:TEST GUEST (+12395551234)"</c>; the digits may well equal an extension's DN).
    /// </summary>
    static string External(string number, ActiveCallDisplayForm form) => form switch
    {
        ActiveCallDisplayForm.NameDn or ActiveCallDisplayForm.Mixed =>
            $"{PbxDirectory.TrunkName}:GUEST {number[Math.Max(0, number.Length - 3)..]} ({number})",
        _ => number,
    };
}
