using Simulator.Model;
using Simulator.Xapi;

namespace Simulator.Truth;

/// <summary>
/// <c>GET /sim/truth/calls?from=ISO&amp;to=ISO</c>, <c>/sim/truth/agents?from&amp;to</c>, <c>/sim/truth/abandoned?from&amp;to</c>,
/// <c>GET /sim/truth/live</c> and <c>GET /sim/truth/queues</c>.
/// </summary>
public static class TruthEndpoints
{
    public static void MapTruth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/truth/calls", (HttpContext context, SimulationHost host, TruthCalls truth) =>
            Window(context, host, (w, world, from, to, now) => truth.Write(w, world, from, to, now)));

        app.MapGet("/sim/truth/agents", (HttpContext context, SimulationHost host) =>
            Window(context, host, TruthAgents.Write));

        app.MapGet("/sim/truth/abandoned", (HttpContext context, SimulationHost host, TruthAbandoned truth) =>
            Window(context, host, (w, world, from, to, now) => truth.Write(w, world, from, to, now)));

        app.MapGet("/sim/truth/live", (SimulationHost host) =>
            Results.Bytes(host.Read((world, now) => JsonBody.Write(w => TruthLive.Write(w, world, now))), "application/json"));

        app.MapGet("/sim/truth/queues", (SimulationHost host) =>
            Results.Bytes(JsonBody.Write(w => TruthQueues.Write(w, host.Directory)), "application/json"));
    }

    delegate void WindowWriter(System.Text.Json.Utf8JsonWriter w, World world, long from, long to, long now);

    /// <summary>
    /// A truth over [from, to) (<c>?from=ISO&amp;to=ISO</c>; from defaults to the start of the history, to to just after
    /// now), written from the world at now; a value that is not an instant is a 400.
    /// </summary>
    static IResult Window(HttpContext context, SimulationHost host, WindowWriter write)
    {
        var query = context.Request.Query;
        DateTimeOffset? from = null, to = null;
        if (query.TryGetValue("from", out var f))
        {
            if (!DateTimeOffset.TryParse(f, System.Globalization.CultureInfo.InvariantCulture, out var v))
                return Results.Json(new { error = "'from' must be an ISO-8601 instant." }, statusCode: 400);
            from = v;
        }
        if (query.TryGetValue("to", out var t))
        {
            if (!DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, out var v))
                return Results.Json(new { error = "'to' must be an ISO-8601 instant." }, statusCode: 400);
            to = v;
        }
        var body = host.Read((world, now) => JsonBody.Write(w =>
            write(w, world, from?.UtcTicks ?? world.Begin, to?.UtcTicks ?? now.UtcTicks + 1, now.UtcTicks)));
        return Results.Bytes(body, "application/json");
    }
}
