namespace Collector.Influx.LineProtocol;

/// <summary>
/// One InfluxDB point: a measurement, tags, fields and an optional nanosecond timestamp.
/// Built fluently (<c>new PointData("queue_call").Tag("pbx", "hq").Field("wait_s", 12.5).Timestamp(ns)</c>).
/// </summary>
/// <remarks>
/// Tags are kept sorted by key (ordinal), the order InfluxDB prefers, so encoding never sorts.
/// A tag whose value is null or empty is not stored: line protocol has no empty tag value. A tag value is at most
/// <see cref="Security.OutsideText.MaxTagLength"/> characters: tag values are names from the PBX (queues, agents) or
/// its vocabulary, and a longer one is cut with a mark (<see cref="Security.OutsideText.Cut"/>) so that one broken value
/// cannot make a series key InfluxDB refuses or a dashboard variable the size of a page.
/// Setting a tag or field key a second time replaces its value. Fields keep the order they were added.
/// A point is mutable while it is being built; it is not meant to be shared between threads.
/// </remarks>
internal sealed class PointData
{
    readonly List<KeyValuePair<string, string>> _tags = new(6);
    readonly List<KeyValuePair<string, FieldValue>> _fields;

    public PointData(string measurement)
        : this(measurement, fieldCapacity: 8)
    {
    }

    /// <param name="fieldCapacity">How many fields the point will have: room for them is made once, not grown.</param>
    public PointData(string measurement, int fieldCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fieldCapacity);
        _fields = new(fieldCapacity);
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        if (measurement[0] == '#')
            throw new ArgumentException("A measurement name cannot start with '#': line protocol reads that line as a comment.", nameof(measurement));
        Measurement = measurement;
    }

    public string Measurement { get; }

    /// <summary>Tags sorted by key; never an empty value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Tags => _tags;

    /// <summary>Fields in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, FieldValue>> Fields => _fields;

    /// <summary>Nanoseconds since the Unix epoch, or null to let the server stamp the point.</summary>
    public long? TimestampNs { get; private set; }

    /// <summary>Adds or replaces a tag (cut to <see cref="Security.OutsideText.MaxTagLength"/>); a null or empty value removes the tag instead (never emitted empty).</summary>
    public PointData Tag(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var index = FindTag(key);
        if (string.IsNullOrEmpty(value))
        {
            if (index >= 0)
                _tags.RemoveAt(index);
            return this;
        }

        var pair = new KeyValuePair<string, string>(key, Security.OutsideText.Cut(value, Security.OutsideText.MaxTagLength));
        if (index >= 0)
            _tags[index] = pair;
        else
            _tags.Insert(~index, pair);
        return this;
    }

    public PointData Field(string key, long value) => SetField(key, FieldValue.Integer(value));

    public PointData Field(string key, int value) => SetField(key, FieldValue.Integer(value));

    public PointData Field(string key, bool value) => SetField(key, FieldValue.Boolean(value));

    /// <summary>Adds a float field; NaN and ±Infinity throw <see cref="ArgumentOutOfRangeException"/>.</summary>
    public PointData Field(string key, double value) => SetField(key, FieldValue.Float(value));

    public PointData Field(string key, string value) => SetField(key, FieldValue.String(value));

    public PointData Field(string key, FieldValue value) => SetField(key, value);

    public PointData Timestamp(long nanosecondsSinceEpoch)
    {
        TimestampNs = nanosecondsSinceEpoch;
        return this;
    }

    /// <summary>The point as one line of line protocol, without the trailing newline (for logs and tests).</summary>
    public override string ToString() => LineProtocolEncoder.ToLine(this);

    PointData SetField(string key, FieldValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        for (var i = 0; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, key, StringComparison.Ordinal))
            {
                _fields[i] = new(key, value);
                return this;
            }
        }

        _fields.Add(new(key, value));
        return this;
    }

    // Binary search over the sorted tags; returns the index, or the complement of the insertion point.
    int FindTag(string key)
    {
        int low = 0, high = _tags.Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = string.CompareOrdinal(_tags[mid].Key, key);
            if (order == 0)
                return mid;
            if (order < 0)
                low = mid + 1;
            else
                high = mid - 1;
        }

        return ~low;
    }
}
