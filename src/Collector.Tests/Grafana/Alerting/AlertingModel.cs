using System.Globalization;
using YamlDotNet.Serialization;

namespace Collector.Tests.Grafana.Alerting;

// The alerting file-provisioning format (apiVersion 1) as far as this repository uses it. Property names follow
// Grafana's keys through the deserializer's naming convention; an unknown key fails the parse.

public sealed class RuleFile
{
    public int ApiVersion { get; set; }
    public List<RuleGroup> Groups { get; set; } = [];

    public IEnumerable<AlertRule> AllRules => Groups.SelectMany(g => g.Rules);

    public AlertRule Rule(string uid) => AllRules.SingleOrDefault(r => r.Uid == uid)
        ?? throw new KeyNotFoundException($"No alert rule has uid {uid}.");
}

public sealed class RuleGroup
{
    public int OrgId { get; set; }
    public string Name { get; set; } = "";
    public string Folder { get; set; } = "";
    public string Interval { get; set; } = "";
    public List<AlertRule> Rules { get; set; } = [];
}

public sealed class AlertRule
{
    public string Uid { get; set; } = "";
    public string Title { get; set; } = "";
    public string Condition { get; set; } = "";
    public List<RuleQuery> Data { get; set; } = [];
    public string NoDataState { get; set; } = "";
    public string ExecErrState { get; set; } = "";
    public string For { get; set; } = "";
    public Dictionary<string, string> Annotations { get; set; } = [];
    public Dictionary<string, string> Labels { get; set; } = [];
    public bool IsPaused { get; set; }

    public RuleQuery Step(string refId) => Data.SingleOrDefault(d => d.RefId == refId)
        ?? throw new KeyNotFoundException($"Rule {Uid} has no step {refId}.");

    /// <summary>The pending period (<c>for</c>), parsed like Grafana's durations (<c>30s</c>, <c>2m</c>, <c>1h</c>).</summary>
    public TimeSpan PendingPeriod => GrafanaDuration.Parse(For);
}

public sealed class RuleQuery
{
    public string RefId { get; set; } = "";
    public string QueryType { get; set; } = "";
    public string DatasourceUid { get; set; } = "";
    public RelativeTimeRange RelativeTimeRange { get; set; } = new();
    public Dictionary<string, object> Model { get; set; } = [];

    public const string ExpressionDatasource = "__expr__";

    public bool IsExpression => DatasourceUid == ExpressionDatasource;

    /// <summary>The model's <c>type</c> for an expression (reduce, threshold, math, …).</summary>
    public string ExpressionType => ModelString("type") ?? "";

    public string? ModelString(string key) => Model.TryGetValue(key, out var value) ? value as string : null;

    public Dictionary<object, object>? ModelMap(string key) => Model.TryGetValue(key, out var value) ? value as Dictionary<object, object> : null;

    /// <summary>A threshold step's evaluator: its type (gt, lt, within_range, outside_range) and parameters.</summary>
    public (string Type, double[] Params) Evaluator
    {
        get
        {
            var conditions = Model.TryGetValue("conditions", out var c) ? c as List<object> : null;
            if (conditions is not [Dictionary<object, object> first] || first["evaluator"] is not Dictionary<object, object> evaluator)
                throw new InvalidOperationException($"Step {RefId} has no single condition with an evaluator.");
            var parameters = ((List<object>)evaluator["params"]).Select(p => double.Parse((string)p, CultureInfo.InvariantCulture)).ToArray();
            return ((string)evaluator["type"], parameters);
        }
    }
}

public sealed class RelativeTimeRange
{
    /// <summary>Seconds before the evaluation instant where the query's range starts.</summary>
    public long From { get; set; }

    /// <summary>Seconds before the evaluation instant where it ends.</summary>
    public long To { get; set; }
}

public sealed class ContactPointFile
{
    public int ApiVersion { get; set; }
    public List<ContactPoint> ContactPoints { get; set; } = [];
}

public sealed class ContactPoint
{
    public int OrgId { get; set; }
    public string Name { get; set; } = "";
    public List<Receiver> Receivers { get; set; } = [];
}

public sealed class Receiver
{
    public string Uid { get; set; } = "";
    public string Type { get; set; } = "";
    public Dictionary<string, object> Settings { get; set; } = [];
    public bool DisableResolveMessage { get; set; }
}

public sealed class PolicyFile
{
    [YamlMember(Alias = "apiVersion", ApplyNamingConventions = false)]
    public int ApiVersion { get; set; }
    public List<Policy> Policies { get; set; } = [];
}

public sealed class Policy
{
    [YamlMember(Alias = "orgId", ApplyNamingConventions = false)]
    public int OrgId { get; set; }
    public string Receiver { get; set; } = "";
    public List<string> GroupBy { get; set; } = [];
    public List<List<string>> ObjectMatchers { get; set; } = [];
    public string GroupWait { get; set; } = "";
    public string GroupInterval { get; set; } = "";
    public string RepeatInterval { get; set; } = "";
    public List<Policy> Routes { get; set; } = [];
}

/// <summary>Grafana's (Prometheus-style) durations: a number and a unit, e.g. <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
public static class GrafanaDuration
{
    public static TimeSpan Parse(string text)
    {
        if (string.IsNullOrEmpty(text)) return TimeSpan.Zero;
        var unit = text.TrimStart("0123456789".ToCharArray());
        var number = long.Parse(text[..^unit.Length], CultureInfo.InvariantCulture);
        return unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            "d" => TimeSpan.FromDays(number),
            "w" => TimeSpan.FromDays(7 * number),
            _ => throw new FormatException($"\"{text}\" is not a Grafana duration (e.g. 30s, 5m, 1h)."),
        };
    }
}
