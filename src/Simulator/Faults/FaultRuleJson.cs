using System.Text.Json;

namespace Simulator.Faults;

/// <summary>Reads and writes <see cref="FaultRule"/> in the JSON form of <c>/sim/faults</c>.</summary>
static class FaultRuleJson
{
    public static FaultRule Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw FaultSettings.Bad("each rule must be an object");
        string? route = null;
        int? status = null, retryAfter = null, times = null;
        double? rate = null;
        int delay = 0;
        bool malformed = false, empty = false;
        LongValue? longValue = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "route": route = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "status": status = Int(p, 100, 599); break;
                case "retryAfterSeconds": retryAfter = Int(p, 0, 86400); break;
                case "times": times = Int(p, 1, int.MaxValue); break;
                case "rate":
                    rate = p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() is >= 0 and <= 1 and var r
                        ? r : throw FaultSettings.Bad("'rate' must be a number from 0 to 1");
                    break;
                case "delayMs": delay = Int(p, 0, 600_000); break;
                case "malformed": malformed = Bool(p); break;
                case "emptyBody": empty = Bool(p); break;
                case "longValue": longValue = ParseLongValue(p.Value); break;
                default: throw FaultSettings.Bad($"unknown rule member '{p.Name}'");
            }
        }
        if (route is null || !FaultRule.Routes.Contains(route))
            throw FaultSettings.Bad($"'route' must be one of {string.Join(", ", FaultRule.Routes)}");
        return new FaultRule
        {
            Route = route, Status = status, RetryAfterSeconds = retryAfter, Times = times, Rate = rate,
            DelayMs = delay, Malformed = malformed, EmptyBody = empty, LongValue = longValue,
        };
    }

    public static void Write(Utf8JsonWriter w, FaultRule rule)
    {
        w.WriteStartObject();
        w.WriteString("route", rule.Route);
        if (rule.Status is int s) w.WriteNumber("status", s);
        if (rule.RetryAfterSeconds is int ra) w.WriteNumber("retryAfterSeconds", ra);
        if (rule.Times is int t) w.WriteNumber("times", t);
        if (rule.Rate is double r) w.WriteNumber("rate", r);
        if (rule.DelayMs > 0) w.WriteNumber("delayMs", rule.DelayMs);
        if (rule.Malformed) w.WriteBoolean("malformed", true);
        if (rule.EmptyBody) w.WriteBoolean("emptyBody", true);
        if (rule.LongValue is { } longValue)
        {
            w.WriteStartObject("longValue");
            w.WriteString("property", longValue.Property);
            w.WriteNumber("length", longValue.Length);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static LongValue ParseLongValue(JsonElement e)
    {
        const string Shape = "'longValue' must be {\"property\": name, \"length\": 1 to 67108864}";
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("property", out var property) || property.ValueKind != JsonValueKind.String || property.GetString() is not { Length: > 0 } name
            || !e.TryGetProperty("length", out var length) || !length.TryGetInt32(out var n) || n < 1 || n > LongValue.MaxLength
            || e.EnumerateObject().Any(m => m.Name is not ("property" or "length")))
            throw FaultSettings.Bad(Shape);
        return new LongValue(name, n);
    }

    static int Int(JsonProperty p, int min, int max) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) && v >= min && v <= max
            ? v : throw FaultSettings.Bad($"'{p.Name}' must be an integer from {min} to {max}");

    static bool Bool(JsonProperty p) =>
        p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.Value.GetBoolean() : throw FaultSettings.Bad($"'{p.Name}' must be true or false");
}
