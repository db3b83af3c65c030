using Simulator.Model;
using Simulator.OData;

namespace Simulator.Xapi.Live;

/// <summary><c>GET /xapi/v1/Users</c>: one user per agent, with presence (<c>IsRegistered</c>, <c>CurrentProfileName</c>, <c>QueueStatus</c>) at "now".</summary>
public sealed class UsersHandler(SimulationHost host)
{
    public static readonly string[] Properties =
    [
        "Number", "Id", "FirstName", "LastName", "DisplayName", "EmailAddress", "Mobile", "OutboundCallerID", "IsRegistered",
        "CurrentProfileName", "QueueStatus", "Enabled", "Internal", "Language", "RecordCalls", "Require2FA", "VMEnabled", "Tags",
    ];

    public XapiResponse Handle(XapiRequest request)
    {
        if (request.Segments.Count != 1) return XapiResponse.NotFound(request);
        var options = QueryOptions.Parse(request.Query);
        options.CheckSelect("Pbx.User", Properties);
        if (options.Expand is { Count: > 0 } expand)
            throw new ODataException(501, $"The simulator does not expand '{expand[0]}' on Users.");
        return host.Read((world, _) =>
        {
            var entities = world.Directory.Agents.Select(a => Entity(a, world.Agents[a.Index])).ToList();
            return EntitySet.Respond(request, "Users", entities, options);
        });
    }

    static EntityObject Entity(AgentDef a, AgentRuntime state) => new EntityObject()
        .Add("Number", a.Number)
        .Add("Id", a.Id)
        .Add("FirstName", a.FirstName)
        .Add("LastName", a.LastName)
        .Add("DisplayName", a.DisplayName)
        .Add("EmailAddress", a.Email)
        .Add("Mobile", "")
        .Add("OutboundCallerID", "")
        .Add("IsRegistered", state.Registered)
        .Add("CurrentProfileName", state.Profile)
        .Add("QueueStatus", state.LoggedIn ? "LoggedIn" : "LoggedOut")
        .Add("Enabled", true)
        .Add("Internal", false)
        .Add("Language", "EN")
        .Add("RecordCalls", false)
        .Add("Require2FA", false)
        .Add("VMEnabled", true)
        .AddRaw("Tags", w => { w.WriteStartArray("Tags"); w.WriteEndArray(); });
}
