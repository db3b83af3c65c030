using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Live;

/// <summary>
/// <c>GET /xapi/v1/ActiveCalls</c>: one entry per call in progress. A caller waiting in a queue has the
/// queue as Callee (<c>"800 Sales"</c>), Status <c>Ringing</c> (or <c>Routing</c> while an agent is rung) and
/// LastChangeStatus = when it entered the queue; an answered call is <c>Talking</c> with the agent as Callee.
/// </summary>
public sealed class ActiveCallsHandler(SimulationHost host)
{
    public static readonly string[] Properties = ["Id", "Caller", "Callee", "Status", "LastChangeStatus", "EstablishedAt", "ServerNow"];

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.ActiveCall", Properties);
        return host.Read((world, now) =>
        {
            var entities = world.LiveCalls.Select(call => Entity(world.Directory, call, now)).ToList();
            return EntitySet.Respond(request, "ActiveCalls", entities, options);
        });
    }

    static EntityObject Entity(PbxDirectory dir, Call call, DateTimeOffset now)
    {
        var (callee, status, lastChange) = call.Phase switch
        {
            CallPhase.Ivr => ($"{PbxDirectory.IvrNumber} {PbxDirectory.IvrName}", "Talking", call.Ivr!.Start),
            CallPhase.Queued or CallPhase.Offered => (Queue(dir, call.CurrentPassage!.Queue),
                call.Phase == CallPhase.Queued ? "Ringing" : "Routing", call.CurrentPassage!.Enter),
            _ => (Party(dir, call), call.Phase == CallPhase.Talking ? "Talking" : "Ringing", call.LastChange),
        };
        var caller = call.OriginAgent is int a ? Agent(dir, a) : call.CallerNumber;
        return new EntityObject()
            .Add("Id", call.Seq)
            .Add("Caller", caller)
            .Add("Callee", callee)
            .Add("Status", status)
            .Add("LastChangeStatus", JsonFormats.Instant(lastChange))
            .Add("EstablishedAt", JsonFormats.Instant(call.Start))
            .Add("ServerNow", JsonFormats.Instant(now));
    }

    static string Party(PbxDirectory dir, Call call)
    {
        var leg = call.Legs[^1];
        return leg.Kind == LegKind.Outbound ? call.CalleeNumber : Agent(dir, leg.Agent);
    }

    static string Queue(PbxDirectory dir, int queue) => $"{dir.Queues[queue].Number} {dir.Queues[queue].Name}";

    static string Agent(PbxDirectory dir, int agent) => $"{dir.Agents[agent].Number} {dir.Agents[agent].DisplayName}";
}
