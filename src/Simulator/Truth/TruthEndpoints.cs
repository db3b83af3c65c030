using Simulator.Model;
using Simulator.Xapi;

namespace Simulator.Truth;

/// <summary><c>GET /sim/truth/calls?from=ISO&amp;to=ISO</c>, <c>GET /sim/truth/live</c> and <c>GET /sim/truth/queues</c>.</summary>
public static class TruthEndpoints
{
    public static void MapTruth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/truth/calls", (HttpContext context, SimulationHost host, TruthCalls truth) =>
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
                truth.Write(w, world, from?.UtcTicks ?? world.Begin, to?.UtcTicks ?? now.UtcTicks + 1, now.UtcTicks)));
            return Results.Bytes(body, "application/json");
        });

        app.MapGet("/sim/truth/live", (SimulationHost host) =>
            Results.Bytes(host.Read((world, now) => JsonBody.Write(w => TruthLive.Write(w, world, now))), "application/json"));

        app.MapGet("/sim/truth/queues", (SimulationHost host) =>
            Results.Bytes(JsonBody.Write(w => TruthQueues.Write(w, host.Directory)), "application/json"));
    }
}
