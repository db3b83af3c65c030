namespace Collector.State;

/// <summary>
/// A compare-and-set of a watermark or backfill checkpoint lost: another writer changed it after this run read it (in a
/// cluster, the instance that took over the PBX's jobs; or an operator's deliberate move). The run that gets it stops
/// without writing the value, so a stale owner never moves the new owner's progress back; what it wrote to InfluxDB
/// overwrites the same points and adds nothing.
/// </summary>
internal sealed class ProgressConflictException(string pbx, string what)
    : Exception($"the {what} of PBX {pbx} was changed by another writer since this run read it (another collector instance runs this PBX's jobs now, or it was set by hand); this run stopped without moving it")
{
    public string Pbx { get; } = pbx;
}
