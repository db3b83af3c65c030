namespace Collector.Tests.Grafana.Alerting.Evaluation;

public enum AlertState
{
    Normal,
    Pending,
    Alerting,
}

/// <summary>
/// The state of each alert instance of one rule across successive evaluations, as Grafana keeps it: a series whose
/// condition holds goes Pending, and Alerting once it has held for the rule's <c>for</c> (at once when <c>for</c> is
/// 0); it is Normal again as soon as it does not hold or its series is gone. No data maps to the rule's
/// <c>noDataState</c>: <c>OK</c> is Normal, <c>Alerting</c> is one instance without labels that holds.
/// </summary>
public sealed class AlertStates(AlertRule rule)
{
    readonly Dictionary<Labels, (AlertState State, DateTimeOffset Since)> _instances = [];

    public IReadOnlyDictionary<Labels, AlertState> Current => _instances.ToDictionary(i => i.Key, i => i.Value.State);

    /// <summary>The labels of the instances that are alerting (notifying) now.</summary>
    public IReadOnlyList<Labels> Alerting => _instances.Where(i => i.Value.State == AlertState.Alerting).Select(i => i.Key).ToList();

    public AlertState StateOf(params (string Key, string Value)[] labels)
    {
        var wanted = Labels.Of(labels);
        var match = _instances.Where(i => wanted.IsSubsetOf(i.Key)).ToList();
        return match.Count switch
        {
            0 => AlertState.Normal,
            1 => match[0].Value.State,
            _ => throw new InvalidOperationException($"{match.Count} instances of {rule.Uid} have the labels {wanted}."),
        };
    }

    public void Apply(RuleEvaluation evaluation)
    {
        var holding = evaluation.NoData
            ? rule.NoDataState switch
            {
                "OK" => [],
                "Alerting" => [Labels.Empty],
                var other => throw new NotSupportedException($"noDataState {other} is not implemented by the test evaluator."),
            }
            : evaluation.Holding.ToList();

        foreach (var gone in _instances.Keys.Except(holding).ToList())
            _instances.Remove(gone);
        foreach (var labels in holding)
        {
            if (!_instances.TryGetValue(labels, out var current))
                current = (AlertState.Pending, evaluation.At);
            var state = evaluation.At - current.Since >= rule.PendingPeriod ? AlertState.Alerting : AlertState.Pending;
            _instances[labels] = (state, current.Since);
        }
    }
}
