using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>Per test: a fresh database, crafted data for it, and the provisioned rules evaluated against it at chosen instants.</summary>
public sealed class AlertRuleKit(InfluxServer server)
{
    static readonly RuleFile Rules = AlertingFiles.Rules();

    public string Database { get; } = $"alerts_{Guid.NewGuid():N}";

    public CraftedData Data() => new(server, Database);

    public static AlertRule Rule(string uid) => Rules.Rule(uid);

    public Task<RuleEvaluation> EvaluateAsync(string uid, DateTimeOffset now) =>
        new RuleEvaluator(new InfluxQlSource(server, Database)).EvaluateAsync(Rule(uid), now);

    /// <summary>
    /// Evaluates the rule at <paramref name="now"/> after writing what the collector had written by then: the points of
    /// <paramref name="live"/> stamped up to <paramref name="now"/> plus <paramref name="pbxClockAhead"/> (live points carry
    /// the PBX's clock; a negative value is a PBX clock behind).
    /// </summary>
    public async Task<RuleEvaluation> EvaluateAsync(string uid, DateTimeOffset now, CraftedData live, TimeSpan pbxClockAhead = default)
    {
        await live.WriteStampedUpToAsync(now + pbxClockAhead);
        return await EvaluateAsync(uid, now);
    }

    /// <summary>
    /// Evaluates the rule at <paramref name="from"/> and then every group interval up to <paramref name="to"/>
    /// (inclusive), as Grafana's scheduler does, and returns the instance states after each evaluation.
    /// </summary>
    public Task<Timeline> RunAsync(string uid, DateTimeOffset from, DateTimeOffset to) => RunAsync(uid, from, to, null, TimeSpan.Zero);

    /// <summary>
    /// As <see cref="RunAsync(string, DateTimeOffset, DateTimeOffset)"/>, writing before each evaluation the points of
    /// <paramref name="live"/> the collector had written by then: those stamped up to the evaluation instant plus
    /// <paramref name="pbxClockAhead"/> (negative: the PBX's clock is behind).
    /// </summary>
    public async Task<Timeline> RunAsync(string uid, DateTimeOffset from, DateTimeOffset to, CraftedData? live, TimeSpan pbxClockAhead = default)
    {
        var rule = Rule(uid);
        var interval = GrafanaDuration.Parse(Rules.Groups.Single(g => g.Rules.Contains(rule)).Interval);
        var evaluator = new RuleEvaluator(new InfluxQlSource(server, Database));
        var states = new AlertStates(rule);
        var timeline = new Timeline();
        for (var at = from; at <= to; at += interval)
        {
            if (live is not null) await live.WriteStampedUpToAsync(at + pbxClockAhead);
            states.Apply(await evaluator.EvaluateAsync(rule, at));
            timeline.Add(at, states.Current);
        }
        return timeline;
    }
}

/// <summary>The states of every alert instance after each evaluation.</summary>
public sealed class Timeline
{
    readonly List<(DateTimeOffset At, IReadOnlyDictionary<Labels, AlertState> States)> _steps = [];

    public void Add(DateTimeOffset at, IReadOnlyDictionary<Labels, AlertState> states) => _steps.Add((at, states));

    /// <summary>The state at the evaluation at <paramref name="at"/> of the one instance whose labels include <paramref name="labels"/>.</summary>
    public AlertState At(DateTimeOffset at, params (string Key, string Value)[] labels)
    {
        var step = _steps.SingleOrDefault(s => s.At == at);
        Assert.True(step.States is not null, $"No evaluation at {at:O}.");
        var wanted = Labels.Of(labels);
        var matches = step.States.Where(s => wanted.IsSubsetOf(s.Key)).ToList();
        Assert.True(matches.Count <= 1, $"Several instances have {wanted}.");
        return matches.Count == 0 ? AlertState.Normal : matches[0].Value;
    }

    /// <summary>When the instance first became Alerting, or null if it never did.</summary>
    public DateTimeOffset? FirstAlerting(params (string Key, string Value)[] labels)
    {
        var wanted = Labels.Of(labels);
        foreach (var (at, states) in _steps)
            if (states.Any(s => wanted.IsSubsetOf(s.Key) && s.Value == AlertState.Alerting))
                return at;
        return null;
    }

    /// <summary>Every instance that was ever Alerting.</summary>
    public IReadOnlySet<Labels> EverAlerting => _steps.SelectMany(s => s.States.Where(x => x.Value == AlertState.Alerting).Select(x => x.Key)).ToHashSet();
}
