using System.Globalization;
using System.Text.Json;

namespace Simulator.Faults;

/// <summary>
/// A report that disagrees with the truth: <see cref="Amount"/> is added to <see cref="Field"/> of <see cref="Function"/>'s
/// answer for <see cref="Queue"/>, when the request's period lies within the UTC day <see cref="Day"/>. Counts take whole
/// amounts; <c>WaitTime</c>/<c>RingTime</c> take seconds (added to the first call of the list); <c>calls</c> drops calls
/// from the end of the list (negative) or repeats the last one (positive).
/// </summary>
public sealed record ReportOffset(string Function, string Field, string Queue, DateOnly Day, double Amount)
{
    /// <summary>Each report function and the fields an offset may change.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ReportQueuePerformanceTotals"] = ["QueueReceivedCount", "ExtensionAnsweredCount", "ExtensionDroppedCount"],
        ["ReportStatisticSla"] = ["ReceivedCount", "BadSlaCallsCount"],
        ["ReportAbandonedQueueCalls"] = ["calls", "WaitTime"],
        ["ReportQueueAnsweredCallsByWaitTime"] = ["calls", "RingTime"],
    };

    /// <summary>Whether the offset applies to a request of <paramref name="function"/> for [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public bool AppliesTo(string function, DateTimeOffset from, DateTimeOffset to)
    {
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return Function == function && from >= start && to < start.AddDays(1);
    }

    public static ReportOffset Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw FaultSettings.Bad("each report offset must be an object");
        string? function = null, field = null, queue = null;
        DateOnly? day = null;
        double? amount = null;
        foreach (var p in e.EnumerateObject())
        {
            switch (p.Name)
            {
                case "function": function = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "field": field = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "queue": queue = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null; break;
                case "day":
                    day = p.Value.ValueKind == JsonValueKind.String
                          && DateOnly.TryParseExact(p.Value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                        ? d : throw FaultSettings.Bad("'day' must be a date, yyyy-MM-dd (a UTC day)");
                    break;
                case "amount":
                    amount = p.Value.ValueKind == JsonValueKind.Number && double.IsFinite(p.Value.GetDouble())
                        ? p.Value.GetDouble() : throw FaultSettings.Bad("'amount' must be a number");
                    break;
                default: throw FaultSettings.Bad($"unknown report offset member '{p.Name}'");
            }
        }
        if (function is null || !Fields.TryGetValue(function, out var fields))
            throw FaultSettings.Bad($"'function' must be one of {string.Join(", ", Fields.Keys)}");
        if (field is null || !fields.Contains(field))
            throw FaultSettings.Bad($"'field' of {function} must be one of {string.Join(", ", fields)}");
        if (string.IsNullOrWhiteSpace(queue)) throw FaultSettings.Bad("'queue' must be a queue number, e.g. \"801\"");
        if (day is null) throw FaultSettings.Bad("'day' is required (yyyy-MM-dd, a UTC day)");
        if (amount is null) throw FaultSettings.Bad("'amount' is required");
        if (!field.EndsWith("Time", StringComparison.Ordinal) && amount != Math.Round(amount.Value))
            throw FaultSettings.Bad($"'amount' for {field} must be a whole number");
        return new ReportOffset(function, field, queue, day.Value, amount.Value);
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("function", Function);
        w.WriteString("field", Field);
        w.WriteString("queue", Queue);
        w.WriteString("day", Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("amount", Amount);
        w.WriteEndObject();
    }
}
