using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Simulator.OData;

namespace Simulator.Faults;

/// <summary>The kinds of poison the <c>poisonRows</c> fault puts into call-log rows.</summary>
public enum PoisonKind
{
    /// <summary><c>Reason</c> ends in half an emoji: the escape <c>\ud83d</c> without its low half. Readable.</summary>
    LoneSurrogate,
    /// <summary>Unused fields of the wrong type: CallId 1.5, SegmentId 3000000000, CallCost 1e308, Answered 0/1, Indent "x",
    /// QualityReport "no", Recordings an object, SourceCallerId a number when it is all digits. Readable.</summary>
    WrongTypes,
    /// <summary>An unknown member nested 200 deep. Readable.</summary>
    DeepNesting,
    /// <summary>CdrId, Direction and Status twice, the first copy junk (the last one wins). Readable.</summary>
    DuplicateKeys,
    /// <summary>The row is JSON <c>null</c>. Unreadable.</summary>
    NullRow,
    /// <summary>StartTime 9999-12-31T23:59:59Z. Unreadable.</summary>
    FarFuture,
    /// <summary>TalkingDuration <c>P10675199D</c> (about TimeSpan.MaxValue). Unreadable.</summary>
    HugeDuration,
    /// <summary>RingingDuration the number 12 instead of an ISO-8601 string. Unreadable.</summary>
    BadDuration,
    /// <summary>Every call-log page starts with a UTF-8 byte-order mark (a page-level fault; no row is changed). Readable.</summary>
    Bom,
}

/// <summary>
/// The <c>poisonRows</c> fault: <c>{"every": N, "kinds": ["nullRow", …]}</c>. One call in about N (chosen by a stable hash
/// of its MainCallHistoryId, so the same calls every time) has its first leg (LegOrder 1) poisoned with one of the row kinds (also chosen
/// by the hash); <c>bom</c> in the list prefixes every call-log page with a byte-order mark. The truth is unchanged, so a
/// test can tell which calls a reader must have lost (<see cref="KindFor"/>, <see cref="IsUnreadable"/>).
/// </summary>
public sealed record PoisonRows(int Every, IReadOnlyList<PoisonKind> Kinds)
{
    public static readonly IReadOnlyDictionary<string, PoisonKind> Names = new Dictionary<string, PoisonKind>(StringComparer.Ordinal)
    {
        ["loneSurrogate"] = PoisonKind.LoneSurrogate, ["wrongTypes"] = PoisonKind.WrongTypes, ["deepNesting"] = PoisonKind.DeepNesting,
        ["duplicateKeys"] = PoisonKind.DuplicateKeys, ["nullRow"] = PoisonKind.NullRow, ["farFuture"] = PoisonKind.FarFuture,
        ["hugeDuration"] = PoisonKind.HugeDuration, ["badDuration"] = PoisonKind.BadDuration, ["bom"] = PoisonKind.Bom,
    };

    /// <summary>True for the kinds a reader cannot make a row of (it must skip them); the others must read as if clean.</summary>
    public static bool IsUnreadable(PoisonKind kind) => kind is PoisonKind.NullRow or PoisonKind.FarFuture or PoisonKind.HugeDuration or PoisonKind.BadDuration;

    IReadOnlyList<PoisonKind> RowKinds => Kinds.Where(k => k != PoisonKind.Bom).ToList();

    public bool Bom => Kinds.Contains(PoisonKind.Bom);

    /// <summary>The poison of the call's first leg, or null when the call is left alone.</summary>
    public PoisonKind? KindFor(string mainCallHistoryId)
    {
        var kinds = RowKinds;
        if (kinds.Count == 0) return null;
        var hash = StableHash(mainCallHistoryId);
        return hash % (uint)Every == 0 ? kinds[(int)(hash / (uint)Every % (uint)kinds.Count)] : null;
    }

    static uint StableHash(string text)
    {
        var hash = 2166136261u;   // FNV-1a
        foreach (var b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619u;
        return hash;
    }

    /// <summary>Writes the row (<paramref name="writeClean"/> writes it as usual) with the poison of <paramref name="kind"/>.</summary>
    public static void Write(Utf8JsonWriter w, PoisonKind kind, Action<Utf8JsonWriter> writeClean)
    {
        if (kind == PoisonKind.NullRow)
        {
            w.WriteNullValue();
            return;
        }
        var row = JsonNode.Parse(Xapi.JsonBody.Write(writeClean))!.AsObject();
        const string Surrogate = "@@lone-surrogate@@";
        switch (kind)
        {
            case PoisonKind.LoneSurrogate:
                row["Reason"] = (row["Reason"]?.GetValue<string>() ?? "") + " " + Surrogate;
                break;
            case PoisonKind.WrongTypes:
                row["CallId"] = 1.5;
                row["SegmentId"] = 3_000_000_000L;
                row["CallCost"] = 1e308;
                if (row["Answered"] is { } answered) row["Answered"] = answered.GetValue<bool>() ? 1 : 0;
                row["Indent"] = "x";
                row["QualityReport"] = "no";
                row["Recordings"] = new JsonObject { ["Id"] = "x" };
                if (row["SourceCallerId"]?.GetValue<string>() is { Length: > 0 and < 16 } caller && caller.All(char.IsAsciiDigit))
                    row["SourceCallerId"] = long.Parse(caller, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case PoisonKind.DeepNesting:
                JsonNode deep = new JsonArray();
                for (var i = 0; i < 200; i++) deep = new JsonObject { ["x"] = deep };
                row["FutureField"] = deep;
                break;
            case PoisonKind.FarFuture:
                row["StartTime"] = "9999-12-31T23:59:59Z";
                break;
            case PoisonKind.HugeDuration:
                row["TalkingDuration"] = "P10675199D";
                break;
            case PoisonKind.BadDuration:
                row["RingingDuration"] = 12;
                break;
        }
        var text = row.ToJsonString(new JsonSerializerOptions { MaxDepth = 1000 });
        if (kind == PoisonKind.LoneSurrogate)
            text = text.Replace(Surrogate, "\\ud83d", StringComparison.Ordinal);
        if (kind == PoisonKind.DuplicateKeys)
            text = "{\"CdrId\":17,\"Direction\":[\"junk\"],\"Status\":{}," + text[1..];
        w.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>Parses the fault's JSON; throws <see cref="ODataException"/> (400) naming the problem.</summary>
    public static PoisonRows? Parse(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw FaultSettings.Bad("'poisonRows' must be an object {\"every\": N, \"kinds\": [...]} or null");
        var every = 10;
        var kinds = Names.Values.ToList();
        foreach (var p in value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "every":
                    every = p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var n) && n > 0 ? n : throw FaultSettings.Bad("'poisonRows.every' must be a positive integer");
                    break;
                case "kinds":
                    if (p.Value.ValueKind != JsonValueKind.Array) throw FaultSettings.Bad("'poisonRows.kinds' must be an array");
                    kinds = p.Value.EnumerateArray().Select(k => k.ValueKind == JsonValueKind.String && Names.TryGetValue(k.GetString()!, out var kind) ? kind
                        : throw FaultSettings.Bad($"'poisonRows.kinds' holds {k}; the kinds are {string.Join(", ", Names.Keys)}")).Distinct().ToList();
                    break;
                default: throw FaultSettings.Bad($"unknown member 'poisonRows.{p.Name}'");
            }
        }
        return new PoisonRows(every, kinds);
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("every", Every);
        w.WriteStartArray("kinds");
        foreach (var kind in Kinds) w.WriteStringValue(Names.First(n => n.Value == kind).Key);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
