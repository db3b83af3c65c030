using System.Text.Json;
using Simulator.Clock;
using Simulator.Faults;
using Simulator.OData;
using Simulator.Xapi;

namespace Simulator.Control;

/// <summary>The simulator's own routes for its clock and its faults (outside 3CX's namespace).</summary>
public static class ControlEndpoints
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sim/health", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/sim/clock", (SimClock clock) => Clock(clock));
        app.MapPost("/sim/clock", async (HttpContext context, SimClock clock) =>
        {
            var body = await ReadJsonAsync(context);
            if (body is not { ValueKind: JsonValueKind.Object } obj) return BadRequest("The body must be a JSON object.");
            try
            {
                foreach (var p in obj.EnumerateObject())
                {
                    switch (p.Name)
                    {
                        case "advanceSeconds" when p.Value.ValueKind == JsonValueKind.Number:
                            clock.Advance(TimeSpan.FromSeconds(p.Value.GetDouble()));
                            break;
                        case "to" when p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetDateTimeOffset(out var to):
                            clock.AdvanceTo(to);
                            break;
                        case "speed" when p.Value.ValueKind == JsonValueKind.Number:
                            clock.SetSpeed(p.Value.GetDouble());
                            break;
                        default:
                            return BadRequest($"Unknown or badly typed clock setting '{p.Name}' (advanceSeconds: number, to: ISO instant, speed: number).");
                    }
                }
            }
            catch (ArgumentOutOfRangeException e)
            {
                return BadRequest(e.Message);
            }
            return Clock(clock);
        });

        app.MapGet("/sim/faults", (FaultSettings faults) => Faults(faults));
        app.MapDelete("/sim/faults", (FaultSettings faults) => { faults.Clear(); return Faults(faults); });
        app.MapPost("/sim/faults", async (HttpContext context, FaultSettings faults) =>
        {
            var body = await ReadJsonAsync(context);
            if (body is null) return BadRequest("The body must be JSON.");
            try { faults.Merge(body.Value); }
            catch (ODataException e) { return BadRequest(e.Message); }
            return Faults(faults);
        });
    }

    static IResult Clock(SimClock clock) =>
        Results.Json(new { now = JsonFormats.Instant(clock.Now), speed = clock.Speed });

    static IResult Faults(FaultSettings faults) =>
        Results.Bytes(JsonBody.Write(faults.WriteTo), "application/json");

    static IResult BadRequest(string message) => Results.Json(new { error = message }, statusCode: 400);

    static async Task<JsonElement?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
