using Collector.CallLog.Normalisation;
using Collector.Influx.LineProtocol;

namespace Collector.CallLog.Sync;

/// <summary>
/// The calls one PBX's sync has had acknowledged by InfluxDB, each with a fingerprint of its exact lines (measurement,
/// tags, fields and timestamp). An incremental run skips a call whose lines would be the same again: writing them would
/// overwrite each point with itself. A call whose rows, names or thresholds changed has other lines and is written.
/// </summary>
internal sealed class WrittenCalls
{
    readonly Dictionary<string, (ulong Fingerprint, DateTimeOffset Start)> _calls = new(StringComparer.Ordinal);

    public int Count => _calls.Count;

    /// <summary>
    /// A 64-bit fingerprint of the lines of a call's stamped points (SHA-256 based, as <see cref="CallTimestamp"/>): the
    /// hash of their text as <see cref="CallPoint.WriteLine"/> writes it.
    /// </summary>
    public static ulong Fingerprint(string pbx, KpiSettings kpi, ReadOnlySpan<CallPoint> points)
    {
        var lines = new System.Buffers.ArrayBufferWriter<byte>(512);
        foreach (var point in points)
            point.WriteLine(pbx, kpi, lines);
        return CallTimestamp.Hash64(System.Text.Encoding.UTF8.GetString(lines.WrittenSpan));
    }

    /// <summary>Whether the call was written with exactly these lines.</summary>
    public bool Has(string callKey, ulong fingerprint) =>
        _calls.TryGetValue(callKey, out var known) && known.Fingerprint == fingerprint;

    /// <summary>Notes calls InfluxDB acknowledged.</summary>
    public void Remember(IEnumerable<(string CallKey, DateTimeOffset Start, ulong Fingerprint)> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        foreach (var (key, start, fingerprint) in calls)
            _calls[key] = (fingerprint, start);
    }

    /// <summary>Forgets the calls that started before <paramref name="bound"/> (no incremental window reaches them).</summary>
    public void Prune(DateTimeOffset bound)
    {
        foreach (var (key, value) in _calls.ToList())
            if (value.Start < bound)
                _calls.Remove(key);
    }

    public void Clear() => _calls.Clear();
}
