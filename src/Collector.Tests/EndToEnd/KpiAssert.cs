using Collector.Testing.Truth;

namespace Collector.Tests.EndToEnd;

/// <summary>
/// Compares the historical KPIs per queue and UTC day (<see cref="QueueKpis"/>, as the dashboards show them) of the
/// truth and of InfluxDB. SL% is compared as its two counts (met, eligible), so there is no rounding to argue about.
/// </summary>
public static class KpiAssert
{
    /// <summary>Tolerance for times: InfluxDB stores float seconds; the truth has microseconds.</summary>
    public const double TimeToleranceS = 0.001;

    /// <summary>Every queue and day has the same counts (exactly) and times (within 1 ms) on both sides.</summary>
    public static void Equal(IReadOnlyDictionary<QueueDay, QueueKpis> expected, IReadOnlyDictionary<QueueDay, QueueKpis> actual)
    {
        Assert.Equal(expected.Keys.Order().Select(k => k.ToString()), actual.Keys.Order().Select(k => k.ToString()));
        foreach (var (key, truth) in expected)
        {
            var got = actual[key];
            void Count(string name, int e, int a) => Assert.True(e == a, $"{key}: {name} is {a} in InfluxDB, {e} in the truth");
            void Time(string name, double? e, double? a) => Assert.True(
                e is null ? a is null : a is not null && Math.Abs(e.Value - a.Value) <= TimeToleranceS,
                $"{key}: {name} is {a} s in InfluxDB, {e} s in the truth");
            Count("passages", truth.Passages, got.Passages);
            Count("offered", truth.Offered, got.Offered);
            Count("answered", truth.Answered, got.Answered);
            Count("abandoned", truth.Abandoned, got.Abandoned);
            Count("short abandons", truth.ShortAbandons, got.ShortAbandons);
            Count("SL eligible", truth.SlEligible, got.SlEligible);
            Count("SL met", truth.SlMet, got.SlMet);
            Time("ASA", truth.AsaS, got.AsaS);
            Time("AHT", truth.AhtS, got.AhtS);
            Time("longest wait", truth.LongestWaitS, got.LongestWaitS);
        }
    }

    public static IEnumerable<QueueDay> Order(this IEnumerable<QueueDay> keys) => keys.OrderBy(k => k.Day).ThenBy(k => k.Queue, StringComparer.Ordinal);
}
