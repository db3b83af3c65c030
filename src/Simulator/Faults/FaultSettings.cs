using System.Text.Json;
using Simulator.OData;

namespace Simulator.Faults;

/// <summary>
/// The faults switched on through <c>/sim/faults</c>. POSTed settings merge into the current ones and
/// rules and report offsets are appended; <c>DELETE</c> restores the defaults. Thread-safe.
/// </summary>
public sealed class FaultSettings(int seed)
{
    public const int DefaultTokenLifetimeSeconds = 60;

    readonly Lock _lock = new();
    readonly Random _rng = new(unchecked(seed * 31 + 99));
    readonly List<FaultRule> _rules = [];
    readonly List<ReportOffset> _reportOffsets = [];
    int _tokenLifetimeSeconds = DefaultTokenLifetimeSeconds;
    int? _topCap;
    bool _legacyFields;
    bool _singleActiveToken;
    bool _echo;
    bool _ignoreSkip;
    ActiveCallDisplayForm _displayForm;

    /// <summary>Raised by a POST with <c>"revokeTokens": true</c>.</summary>
    public event Action? RevokeRequested;

    public int TokenLifetimeSeconds { get { lock (_lock) return _tokenLifetimeSeconds; } }
    public int? TopCap { get { lock (_lock) return _topCap; } }
    public bool LegacyFields { get { lock (_lock) return _legacyFields; } }
    public bool SingleActiveToken { get { lock (_lock) return _singleActiveToken; } }

    /// <summary>
    /// Whether every answer echoes the request (<c>echo</c>), as some proxies and error pages do: its method, path,
    /// <c>Authorization</c> header and form body go into the error message of an error answer and into an <c>echo</c>
    /// member of a JSON success answer (see <see cref="Xapi.RequestEcho"/>).
    /// </summary>
    public bool Echo { get { lock (_lock) return _echo; } }

    /// <summary>
    /// <c>ignoreSkip</c>: every XAPI request is answered as if it had no <c>$skip</c> (a caching proxy in front of the PBX
    /// that keys on the path), so paging through a collection gets its first page again and again.
    /// </summary>
    public bool IgnoreSkip { get { lock (_lock) return _ignoreSkip; } }

    /// <summary>How ActiveCalls writes Caller and Callee (<c>displayForm</c>); <see cref="ActiveCallDisplayForm.DnName"/> by default.</summary>
    public ActiveCallDisplayForm DisplayForm { get { lock (_lock) return _displayForm; } }

    /// <summary>The reports that disagree with the truth (<c>reportOffsets</c>), in the order they were added.</summary>
    public IReadOnlyList<ReportOffset> ReportOffsets { get { lock (_lock) return [.. _reportOffsets]; } }

    /// <summary>
    /// The fault for one request on <paramref name="route"/> (for a report function, also its entity set name
    /// <paramref name="function"/>): the first live matching rule that fires.
    /// </summary>
    public FaultDecision Decide(string route, string? function = null)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (!rule.Matches(route, function)) continue;
                if (rule.Rate is double rate && _rng.NextDouble() >= rate) continue;
                if (rule.Times is int times)
                {
                    if (times <= 1) _rules.RemoveAt(i); else rule.Times = times - 1;
                }
                return new FaultDecision(rule.DelayMs, rule.Status, rule.RetryAfterSeconds, rule.Malformed, rule.EmptyBody, rule.LongValue);
            }
            return FaultDecision.None;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
            _reportOffsets.Clear();
            _tokenLifetimeSeconds = DefaultTokenLifetimeSeconds;
            _topCap = null;
            _legacyFields = false;
            _singleActiveToken = false;
            _echo = false;
            _ignoreSkip = false;
            _displayForm = ActiveCallDisplayForm.DnName;
        }
    }

    /// <summary>Merges a POSTed body; throws <see cref="ODataException"/> (400) naming the first bad member.</summary>
    public void Merge(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object) throw Bad("the body must be a JSON object");
        var revoke = false;
        lock (_lock)
        {
            foreach (var p in body.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "tokenLifetimeSeconds": _tokenLifetimeSeconds = PositiveInt(p); break;
                    case "revokeTokens": revoke = Bool(p); break;
                    case "topCap": _topCap = p.Value.ValueKind == JsonValueKind.Null ? null : PositiveInt(p); break;
                    case "legacyFields": _legacyFields = Bool(p); break;
                    case "singleActiveToken": _singleActiveToken = Bool(p); break;
                    case "echo": _echo = Bool(p); break;
                    case "ignoreSkip": _ignoreSkip = Bool(p); break;
                    case "displayForm":
                        _displayForm = p.Value.ValueKind == JsonValueKind.String && DisplayFormSetting.TryParse(p.Value.GetString(), out var form)
                            ? form : throw Bad($"'displayForm' must be one of {DisplayFormSetting.Choices}");
                        break;
                    case "rules":
                        if (p.Value.ValueKind != JsonValueKind.Array) throw Bad("'rules' must be an array");
                        _rules.AddRange(p.Value.EnumerateArray().Select(FaultRuleJson.Parse).ToList());
                        break;
                    case "reportOffsets":
                        if (p.Value.ValueKind != JsonValueKind.Array) throw Bad("'reportOffsets' must be an array");
                        _reportOffsets.AddRange(p.Value.EnumerateArray().Select(ReportOffset.Parse).ToList());
                        break;
                    default: throw Bad($"unknown setting '{p.Name}'");
                }
            }
        }
        if (revoke) RevokeRequested?.Invoke();
    }

    public void WriteTo(Utf8JsonWriter w)
    {
        lock (_lock)
        {
            w.WriteStartObject();
            w.WriteNumber("tokenLifetimeSeconds", _tokenLifetimeSeconds);
            if (_topCap is int cap) w.WriteNumber("topCap", cap); else w.WriteNull("topCap");
            w.WriteBoolean("legacyFields", _legacyFields);
            w.WriteBoolean("singleActiveToken", _singleActiveToken);
            w.WriteBoolean("echo", _echo);
            w.WriteBoolean("ignoreSkip", _ignoreSkip);
            w.WriteString("displayForm", DisplayFormSetting.Name(_displayForm));
            w.WriteStartArray("rules");
            foreach (var rule in _rules) FaultRuleJson.Write(w, rule);
            w.WriteEndArray();
            w.WriteStartArray("reportOffsets");
            foreach (var offset in _reportOffsets) offset.Write(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    static int PositiveInt(JsonProperty p) =>
        p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) && v > 0 ? v : throw Bad($"'{p.Name}' must be a positive integer");

    static bool Bool(JsonProperty p) =>
        p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.Value.GetBoolean() : throw Bad($"'{p.Name}' must be true or false");

    internal static ODataException Bad(string message) => new(400, "Bad faults: " + message + ".");
}
