namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>One series' outcome of a rule evaluation: its labels, whether the condition holds, and every expression step's value.</summary>
public sealed record AlertInstance(Labels Labels, bool ConditionHolds, IReadOnlyDictionary<string, double> Values);

/// <summary>A rule evaluated at one instant: every series' outcome, and whether the queries returned no data at all.</summary>
public sealed record RuleEvaluation(DateTimeOffset At, bool NoData, IReadOnlyList<AlertInstance> Instances)
{
    /// <summary>The instance whose labels include all of <paramref name="labels"/>; fails unless exactly one does.</summary>
    public AlertInstance Instance(params (string Key, string Value)[] labels) =>
        Assert.Single(Instances, i => Labels.Of(labels).IsSubsetOf(i.Labels));

    public IEnumerable<Labels> Holding => Instances.Where(i => i.ConditionHolds).Select(i => i.Labels);
}

/// <summary>
/// Evaluates a Grafana-managed alert rule as Grafana does at one instant: runs each InfluxQL step over its relative
/// time range, applies the reduce, threshold and math steps in order, and reads the condition step per series
/// (non-zero holds). A rule whose queries all return nothing has no data (its <c>noDataState</c> decides).
/// </summary>
public sealed class RuleEvaluator(InfluxQlSource source)
{
    public async Task<RuleEvaluation> EvaluateAsync(AlertRule rule, DateTimeOffset now)
    {
        var series = new Dictionary<string, IReadOnlyList<TimeSeries>>();
        var numbers = new Dictionary<string, IReadOnlyList<LabeledNumber>>();
        foreach (var step in rule.Data)
        {
            if (!step.IsExpression)
            {
                series[step.RefId] = await source.QueryAsync(step, now);
                continue;
            }
            var input = step.ModelString("expression")!;
            numbers[step.RefId] = step.ExpressionType switch
            {
                "reduce" => ServerSideExpressions.Reduce(series[input], step.ModelString("reducer")!, step.ModelMap("settings")?["mode"] as string),
                "threshold" => ServerSideExpressions.Threshold(numbers[input], step.Evaluator.Type, step.Evaluator.Params),
                "math" => MathExpression.Evaluate(input, numbers),
                var other => throw new NotSupportedException($"Expression type '{other}' is not implemented by the test evaluator."),
            };
        }

        var noData = series.Values.All(s => s.Count == 0);
        var instances = numbers[rule.Condition].Select(condition => new AlertInstance(
            condition.Labels,
            !double.IsNaN(condition.Value) && condition.Value != 0,
            numbers.ToDictionary(
                step => step.Key,
                step => step.Value.FirstOrDefault(n => n.Labels.Equals(condition.Labels))?.Value
                        ?? step.Value.FirstOrDefault(n => n.Labels.IsSubsetOf(condition.Labels))?.Value
                        ?? double.NaN))).ToList();
        return new RuleEvaluation(now, noData, noData ? [] : instances);
    }
}
