namespace Simulator.Model;

/// <summary>
/// Finished calls, bucketed by the UTC day they started on. A call is immutable once stored, so the
/// buckets only grow; <see cref="Version"/> changes with every call added (for caches of queries).
/// </summary>
public sealed class CallStore
{
    /// <summary>No call lasts longer than this (patience, talk and transfer are all bounded).</summary>
    public static readonly long MaxCallSpan = TimeSpan.FromHours(3).Ticks;

    readonly Dictionary<long, List<Call>> _days = [];

    public int Version { get; private set; }
    public int Count { get; private set; }

    public void Add(Call call)
    {
        var day = call.Start / TimeSpan.TicksPerDay;
        if (!_days.TryGetValue(day, out var list)) _days[day] = list = [];
        list.Add(call);
        Count++;
        Version++;
    }

    /// <summary>Finished calls that started in [from, to).</summary>
    public IEnumerable<Call> StartedIn(long from, long to)
    {
        if (to <= from) yield break;
        for (var day = from / TimeSpan.TicksPerDay; day <= (to - 1) / TimeSpan.TicksPerDay; day++)
        {
            if (!_days.TryGetValue(day, out var list)) continue;
            foreach (var call in list)
                if (call.Start >= from && call.Start < to) yield return call;
        }
    }

    /// <summary>Finished calls that may have a leg starting in [from, to] (they started at most <see cref="MaxCallSpan"/> before).</summary>
    public IEnumerable<Call> Overlapping(long from, long to) => StartedIn(Math.Max(0, from - MaxCallSpan), to == long.MaxValue ? to : to + 1);
}
