using Collector.Tests.Grafana.Alerting.Evaluation;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>The test evaluator's reduce, threshold and math steps behave as Grafana's server-side expressions.</summary>
public class ServerSideExpressionTests
{
    static readonly Labels Sales = Labels.Of(("queue", "800"));
    static readonly Labels Support = Labels.Of(("queue", "801"));

    static TimeSeries Series(Labels labels, params double?[] values) =>
        new(labels, values.Select((v, i) => (DateTimeOffset.UnixEpoch.AddMinutes(i), v)).ToList());

    [Theory]
    [InlineData("last", 4.0)]
    [InlineData("mean", 7.0 / 3)]
    [InlineData("max", 4.0)]
    [InlineData("min", 1.0)]
    [InlineData("sum", 7.0)]
    [InlineData("count", 3.0)]
    public void DropNonNumbersReducesOverTheNumbersOnly(string reducer, double expected)
    {
        var result = ServerSideExpressions.Reduce([Series(Sales, 2, null, 1, 4, null)], reducer, "dropNN");

        Assert.Equal(expected, Assert.Single(result).Value, 9);
    }

    [Fact]
    public void StrictModeTurnsANullIntoNaNAndAnEmptySeriesReducesToNaN()
    {
        Assert.True(double.IsNaN(ServerSideExpressions.Reduce([Series(Sales, 2, null)], "last", null)[0].Value));
        Assert.True(double.IsNaN(ServerSideExpressions.Reduce([Series(Sales)], "last", "dropNN")[0].Value));
        Assert.Equal(0, ServerSideExpressions.Reduce([Series(Sales)], "count", "dropNN")[0].Value);
    }

    [Theory]
    [InlineData("gt", 5, 5, 0)]
    [InlineData("gt", 5, 5.5, 1)]
    [InlineData("lt", 0.8, 0.8, 0)]
    [InlineData("lt", 0.8, 0.79, 1)]
    public void ThresholdsAreStrict(string type, double limit, double value, double expected) =>
        Assert.Equal(expected, ServerSideExpressions.Threshold([new LabeledNumber(Sales, value)], type, [limit])[0].Value);

    [Fact]
    public void MathJoinsTwoStepsSeriesBySeriesAndDropsSeriesWithoutAPartner()
    {
        var steps = new Dictionary<string, IReadOnlyList<LabeledNumber>>
        {
            ["E"] = [new(Sales, 1), new(Support, 1), new(Labels.Of(("queue", "802")), 1)],
            ["F"] = [new(Sales, 1), new(Support, 0)],
        };

        var result = MathExpression.Evaluate("$E && ${F}", steps);

        Assert.Equal([(Sales, 1.0), (Support, 0.0)], result.Select(r => (r.Labels, r.Value)));
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("2 > 1 && 3 <= 2", 0)]
    [InlineData("0 || !0", 1)]
    [InlineData("-2 + 5 >= 3", 1)]
    [InlineData("4 != 4", 0)]
    public void MathFollowsGrafanasPrecedence(string expression, double expected) =>
        Assert.Equal(expected, Assert.Single(MathExpression.Evaluate(expression, new Dictionary<string, IReadOnlyList<LabeledNumber>>())).Value);
}
