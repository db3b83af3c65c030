namespace Collector.CallLog.Sync;

/// <summary>
/// The identities of the call points of one PBX stored in a span of point times [From, To) (nanoseconds), read once
/// (<see cref="StoredCallPoints.ReadSpanAsync"/>) for a batch of consecutive backfill windows and then kept in step with
/// what those windows write and delete, so each window's stale-point check reads memory instead of InfluxDB. Right only
/// while nothing else writes the PBX's call points in the span (a backfill's windows run one at a time; two backfills of
/// one range are refused by its checkpoint). Memory: the stored points of the span (none on a first backfill).
/// </summary>
internal sealed class StoredPointSpan(long fromNs, long toNs)
{
    readonly Dictionary<string, HashSet<PointIdentity>> _byMeasurement = new(StringComparer.Ordinal);

    public long From { get; } = fromNs;

    public long To { get; } = toNs;

    /// <summary>Whether [<paramref name="fromNs"/>, <paramref name="toNs"/>) lies within the span.</summary>
    public bool Covers(long fromNs, long toNs) => fromNs >= From && toNs <= To;

    /// <summary>Takes in one stored point (outside the span: ignored).</summary>
    public void Add(PointIdentity identity)
    {
        if (identity.Time < From || identity.Time >= To)
            return;
        if (!_byMeasurement.TryGetValue(identity.Measurement, out var set))
            _byMeasurement[identity.Measurement] = set = [];
        set.Add(identity);
    }

    /// <summary>The stored points of <paramref name="measurement"/> stamped in [from, to), as InfluxDB would answer.</summary>
    public IReadOnlySet<PointIdentity> Read(string measurement, long fromNs, long toNs) =>
        _byMeasurement.TryGetValue(measurement, out var set)
            ? set.Where(p => p.Time >= fromNs && p.Time < toNs).ToHashSet()
            : new HashSet<PointIdentity>();

    /// <summary>What a delete of [from, to) of <paramref name="measurement"/> took.</summary>
    public void Forget(string measurement, long fromNs, long toNs)
    {
        if (_byMeasurement.TryGetValue(measurement, out var set))
            set.RemoveWhere(p => p.Time >= fromNs && p.Time < toNs);
    }
}
