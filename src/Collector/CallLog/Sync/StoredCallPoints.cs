using System.Globalization;
using System.Text;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;

namespace Collector.CallLog.Sync;

/// <summary>
/// The call-derived points already stored in InfluxDB for one PBX and span of point times, read and removed with
/// InfluxQL over InfluxDB 1.x's <c>/query</c> (<c>SELECT … GROUP BY *</c> and <c>DELETE FROM … WHERE pbx = … AND time …</c>).
/// Used by <see cref="CallLogWindowWriter"/> to replace what a window wrote before when it no longer matches (see
/// docs/normalisation.md, "Point identity"). InfluxDB 2.x and 3 are not read (<see cref="InfluxQueryClient"/>).
/// </summary>
internal sealed class StoredCallPoints(IInfluxReader influx)
{
    /// <summary>The identities of the points of <paramref name="measurement"/> for <paramref name="pbx"/> stamped in [from, to) (nanoseconds).</summary>
    public async Task<IReadOnlySet<PointIdentity>> ReadAsync(string pbx, string measurement, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        IReadOnlyList<InfluxSeries> series;
        try
        {
            series = await influx.QueryAsync(
                $"SELECT \"call_id\" FROM {Identifier(measurement)} WHERE {Where(pbx, fromNs, toNs)} GROUP BY *", cancellationToken);
        }
        catch (InfluxQueryException e) when (e.Message.Contains("database not found", StringComparison.Ordinal))
        {
            return new HashSet<PointIdentity>(); // the first write creates it: nothing is stored yet
        }

        var stored = new HashSet<PointIdentity>();
        foreach (var s in series)
        {
            var key = PointIdentity.SeriesKey(s.Tags.Where(t => t.Value.Length > 0)); // GROUP BY * gives an absent tag as ""
            foreach (var row in s.Rows)
                stored.Add(new PointIdentity(measurement, key, row[0].GetInt64()));
        }

        return stored;
    }

    /// <summary>
    /// The identities of the points of every measurement of <paramref name="measurements"/> for <paramref name="pbx"/>
    /// stamped in [from, to) (nanoseconds), in one statement: what a backfill reads once for a batch of windows.
    /// </summary>
    public async Task<StoredPointSpan> ReadSpanAsync(string pbx, IReadOnlyList<string> measurements, long fromNs, long toNs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var span = new StoredPointSpan(fromNs, toNs);
        IReadOnlyList<InfluxSeries> series;
        try
        {
            series = await influx.QueryAsync(
                $"SELECT \"call_id\" FROM {string.Join(",", measurements.Select(Identifier))} WHERE {Where(pbx, fromNs, toNs)} GROUP BY *", cancellationToken);
        }
        catch (InfluxQueryException e) when (e.Message.Contains("database not found", StringComparison.Ordinal))
        {
            return span; // the first write creates it: nothing is stored yet
        }

        foreach (var s in series)
        {
            var key = PointIdentity.SeriesKey(s.Tags.Where(t => t.Value.Length > 0)); // GROUP BY * gives an absent tag as ""
            foreach (var row in s.Rows)
                span.Add(new PointIdentity(s.Name, key, row[0].GetInt64()));
        }

        return span;
    }

    /// <summary>Deletes every point of <paramref name="measurement"/> for <paramref name="pbx"/> stamped in [from, to) (nanoseconds).</summary>
    public Task DeleteAsync(string pbx, string measurement, long fromNs, long toNs, CancellationToken cancellationToken) =>
        influx.QueryAsync($"DELETE FROM {Identifier(measurement)} WHERE {Where(pbx, fromNs, toNs)}", cancellationToken);

    static string Where(string pbx, long fromNs, long toNs) =>
        string.Create(CultureInfo.InvariantCulture, $"\"pbx\" = {Literal(LineProtocolEscaper.StoredTag(pbx))} AND time >= {fromNs} AND time < {toNs}");

    static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}

/// <summary>What InfluxDB identifies a point by: measurement, series (tag set, as stored) and timestamp.</summary>
internal readonly record struct PointIdentity(string Measurement, string Series, long Time)
{
    /// <summary>The identity <paramref name="point"/> has once stored (its tags after the encoder's replacements).</summary>
    public static PointIdentity Of(PointData point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var time = point.TimestampNs ?? throw new ArgumentException("A call point always has its timestamp.", nameof(point));
        var tags = point.Tags;
        var stored = new KeyValuePair<string, string>[tags.Count];
        for (var i = 0; i < stored.Length; i++)
            stored[i] = new(LineProtocolEscaper.StoredTag(tags[i].Key), LineProtocolEscaper.StoredTag(tags[i].Value));
        return new PointIdentity(point.Measurement, SeriesKey(stored), time);
    }

    /// <summary>A tag set as one unambiguous text (sorted by key, each part length-prefixed).</summary>
    public static string SeriesKey(IEnumerable<KeyValuePair<string, string>> tags)
    {
        var sorted = tags.ToList();
        if (!IsSorted(sorted))
            sorted = [.. sorted.OrderBy(t => t.Key, StringComparer.Ordinal)];   // stable, as a point's own tags are already
        var key = new StringBuilder(64);
        foreach (var (name, value) in sorted)
            key.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name}{value.Length}:{value}");
        return key.ToString();
    }

    static bool IsSorted(List<KeyValuePair<string, string>> tags)
    {
        for (var i = 1; i < tags.Count; i++)
            if (string.CompareOrdinal(tags[i - 1].Key, tags[i].Key) > 0)
                return false;
        return true;
    }
}
