using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Live;

/// <summary><c>GET /xapi/v1/Queues</c> with <c>$expand=Agents</c> (and <c>Managers</c>), <c>$select</c>, paging.</summary>
public sealed class QueuesHandler(SimulationHost host)
{
    public static readonly string[] Properties =
        ["Id", "Number", "Name", "IsRegistered", "PollingStrategy", "RingTimeout", "MasterTimeout", "MaxCallersInQueue", "SLATime", "WrapUpTime", "Agents", "Managers"];

    public static readonly string[] AgentProperties = ["Id", "Number", "Name", "SkillGroup", "Tags"];

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.Queue", Properties);
        var expand = options.Expand ?? [];
        foreach (var name in expand)
            if (name is not ("Agents" or "Managers"))
                throw new ODataException(400, $"The query specified in the URI is not valid. Could not find a property named '{name}' on type 'Pbx.Queue'.");
        var dir = host.Directory;
        var entities = dir.Queues.Select(q => Entity(dir, q, expand)).ToList();
        var suffix = expand.Count == 0 ? null : $"({string.Join(',', expand.Select(e => e + "()"))})";
        return EntitySet.Respond(request, "Queues", entities, options, suffix);
    }

    static EntityObject Entity(PbxDirectory dir, QueueDef q, IReadOnlyList<string> expand)
    {
        var entity = new EntityObject()
            .Add("Id", q.Id)
            .Add("Number", q.Number)
            .Add("Name", q.Name)
            .Add("IsRegistered", true)
            .Add("PollingStrategy", "LongestWaiting")
            .Add("RingTimeout", q.RingTimeoutSeconds)
            .Add("MasterTimeout", q.MasterTimeoutSeconds)
            .Add("MaxCallersInQueue", 50)
            .Add("SLATime", q.SlaTimeSeconds)
            .Add("WrapUpTime", 0);
        if (expand.Contains("Agents"))
        {
            var members = dir.Agents.Where(a => a.Queues.Contains(q.Index)).ToList();
            entity.AddRaw("Agents", w =>
            {
                w.WriteStartArray("Agents");
                foreach (var a in members)
                {
                    new EntityObject().Add("Id", a.Id).Add("Number", a.Number).Add("Name", a.DisplayName)
                        .AddRaw("Tags", t => { t.WriteStartArray("Tags"); t.WriteEndArray(); }).Write(w);
                }
                w.WriteEndArray();
            });
        }
        if (expand.Contains("Managers")) entity.AddRaw("Managers", w => { w.WriteStartArray("Managers"); w.WriteEndArray(); });
        return entity;
    }
}
