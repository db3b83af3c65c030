namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>Grafana's server-side expressions (SSE) the rules use: reduce and threshold (math is <see cref="MathExpression"/>).</summary>
public static class ServerSideExpressions
{
    /// <summary>
    /// One number per series. Mode <c>dropNN</c> drops nulls and NaN first; otherwise (strict) any null makes the
    /// result NaN. An empty series reduces to NaN, except count and sum (0).
    /// </summary>
    public static IReadOnlyList<LabeledNumber> Reduce(IEnumerable<TimeSeries> series, string reducer, string? mode) =>
        series.Select(s =>
        {
            var values = s.Points.Select(p => p.Value ?? double.NaN).ToList();
            if (mode == "dropNN") values = values.Where(v => !double.IsNaN(v)).ToList();
            else if (values.Any(double.IsNaN)) return new LabeledNumber(s.Labels, reducer == "count" ? values.Count : double.NaN);
            var value = reducer switch
            {
                "count" => values.Count,
                "sum" => values.Sum(),
                _ when values.Count == 0 => double.NaN,
                "last" => values[^1],
                "mean" => values.Average(),
                "max" => values.Max(),
                "min" => values.Min(),
                _ => throw new NotSupportedException($"Reducer '{reducer}' is not implemented by the test evaluator."),
            };
            return new LabeledNumber(s.Labels, value);
        }).ToList();

    /// <summary>1 where the value passes the evaluator, else 0; NaN stays NaN (no value to compare).</summary>
    public static IReadOnlyList<LabeledNumber> Threshold(IEnumerable<LabeledNumber> numbers, string type, double[] parameters) =>
        numbers.Select(n => new LabeledNumber(n.Labels, double.IsNaN(n.Value) ? double.NaN : Passes(n.Value, type, parameters) ? 1 : 0)).ToList();

    static bool Passes(double value, string type, double[] p) => type switch
    {
        "gt" => value > p[0],
        "lt" => value < p[0],
        "within_range" => value > Math.Min(p[0], p[1]) && value < Math.Max(p[0], p[1]),
        "outside_range" => value < Math.Min(p[0], p[1]) || value > Math.Max(p[0], p[1]),
        _ => throw new NotSupportedException($"Threshold type '{type}' is not implemented by the test evaluator."),
    };
}
