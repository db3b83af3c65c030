namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>A label set (InfluxDB tags of a series), compared and printed in key order.</summary>
public sealed class Labels : IEquatable<Labels>
{
    public static readonly Labels Empty = new(new Dictionary<string, string>());

    readonly SortedDictionary<string, string> _pairs;

    public Labels(IEnumerable<KeyValuePair<string, string>> pairs) => _pairs = new SortedDictionary<string, string>(pairs.ToDictionary(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Pairs => _pairs;

    public string this[string key] => _pairs[key];

    /// <summary>Whether every label of this set is also in <paramref name="other"/> with the same value.</summary>
    public bool IsSubsetOf(Labels other) => _pairs.All(p => other._pairs.TryGetValue(p.Key, out var v) && v == p.Value);

    public bool Equals(Labels? other) => other is not null && _pairs.Count == other._pairs.Count && IsSubsetOf(other);

    public override bool Equals(object? obj) => Equals(obj as Labels);

    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary><c>{pbx=hq, queue=800}</c></summary>
    public override string ToString() => "{" + string.Join(", ", _pairs.Select(p => $"{p.Key}={p.Value}")) + "}";

    public static Labels Of(params (string Key, string Value)[] pairs) => new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}

/// <summary>One series a query returned: its labels and its points (time, value; null where InfluxDB has none).</summary>
public sealed record TimeSeries(Labels Labels, IReadOnlyList<(DateTimeOffset Time, double? Value)> Points);

/// <summary>One number per series, the result of a reduce, threshold or math step.</summary>
public sealed record LabeledNumber(Labels Labels, double Value);
