using Collector.Configuration;

namespace Collector.CallLog.Normalisation;

/// <summary>
/// T, the service-level threshold, of each queue (docs/kpi.md), the one place the rule is written:
/// <list type="number">
/// <item>the queue's configured override, <c>Sla:Queues:&lt;DN&gt;:ThresholdSeconds</c>;</item>
/// <item>else 3CX's <c>SLATime</c> for the queue (<c>Queues</c>, integer seconds) when it is set (above 0);</item>
/// <item>else <c>Sla:ThresholdSeconds</c>.</item>
/// </list>
/// Queues are matched by DN (<c>queue</c> tag, 3CX's <c>Number</c>). Immutable; equal when the three sources are.
/// </summary>
internal sealed class SlaThresholds : IEquatable<SlaThresholds>
{
    static readonly IReadOnlyDictionary<string, int> None = new Dictionary<string, int>(StringComparer.Ordinal);

    readonly IReadOnlyDictionary<string, int> _overrides;
    readonly IReadOnlyDictionary<string, int> _slaTimes;

    /// <param name="defaultSeconds"><c>Sla:ThresholdSeconds</c>.</param>
    /// <param name="overrides">Configured T per queue DN.</param>
    /// <param name="slaTimes">3CX's SLATime per queue DN as read (0 or below = not set).</param>
    public SlaThresholds(int defaultSeconds, IReadOnlyDictionary<string, int>? overrides = null, IReadOnlyDictionary<string, int>? slaTimes = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultSeconds, 1);
        DefaultSeconds = defaultSeconds;
        _overrides = overrides ?? None;
        _slaTimes = slaTimes ?? None;
    }

    /// <summary><c>Sla:ThresholdSeconds</c>: T of a queue with neither an override nor an SLATime.</summary>
    public int DefaultSeconds { get; }

    /// <summary>The configured default and per-queue overrides, without SLATimes (those come from the PBX).</summary>
    public static SlaThresholds From(SlaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var overrides = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (dn, queue) in options.Queues)
            if (queue.ThresholdSeconds is { } seconds)
                overrides[dn.Trim()] = seconds;
        return new SlaThresholds(options.ThresholdSeconds, overrides);
    }

    /// <summary>The same overrides and default with one PBX's SLATimes (queue DN → seconds).</summary>
    public SlaThresholds WithSlaTimes(IReadOnlyDictionary<string, int> slaTimes) =>
        new(DefaultSeconds, _overrides, slaTimes ?? throw new ArgumentNullException(nameof(slaTimes)));

    /// <summary>T of the queue with this DN, in whole seconds.</summary>
    public int SecondsFor(string queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (_overrides.TryGetValue(queue, out var configured)) return configured;
        if (_slaTimes.TryGetValue(queue, out var slaTime) && slaTime > 0) return slaTime;
        return DefaultSeconds;
    }

    /// <summary>T of the queue with this DN.</summary>
    public TimeSpan For(string queue) => TimeSpan.FromSeconds(SecondsFor(queue));

    public bool Equals(SlaThresholds? other) =>
        other is not null && DefaultSeconds == other.DefaultSeconds && Same(_overrides, other._overrides) && Same(_slaTimes, other._slaTimes);

    public override bool Equals(object? obj) => Equals(obj as SlaThresholds);

    public override int GetHashCode() => HashCode.Combine(DefaultSeconds, _overrides.Count, _slaTimes.Count);

    public override string ToString() =>
        $"T {DefaultSeconds} s; overrides {Show(_overrides)}; SLATime {Show(_slaTimes)}";

    static bool Same(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    static string Show(IReadOnlyDictionary<string, int> map) =>
        map.Count == 0 ? "none" : string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
