namespace Collector.Influx.LineProtocol;

/// <summary>The kinds of field value line protocol can carry (unsigned integers are not used here).</summary>
internal enum FieldKind
{
    Integer,
    Float,
    Boolean,
    String,
}

/// <summary>
/// One field value, stored without boxing. Construction validates what line protocol cannot carry:
/// NaN and ±Infinity are rejected, as is a null string.
/// </summary>
internal readonly struct FieldValue : IEquatable<FieldValue>
{
    readonly long _integer;
    readonly double _float;
    readonly string? _string;

    FieldValue(FieldKind kind, long integer, double @float, string? @string)
    {
        Kind = kind;
        _integer = integer;
        _float = @float;
        _string = @string;
    }

    public FieldKind Kind { get; }

    public long AsInteger => Kind == FieldKind.Integer ? _integer : throw WrongKind(FieldKind.Integer);
    public double AsFloat => Kind == FieldKind.Float ? _float : throw WrongKind(FieldKind.Float);
    public bool AsBoolean => Kind == FieldKind.Boolean ? _integer != 0 : throw WrongKind(FieldKind.Boolean);
    public string AsString => Kind == FieldKind.String ? _string! : throw WrongKind(FieldKind.String);

    public static FieldValue Integer(long value) => new(FieldKind.Integer, value, 0, null);

    public static FieldValue Boolean(bool value) => new(FieldKind.Boolean, value ? 1 : 0, 0, null);

    public static FieldValue String(string value) =>
        new(FieldKind.String, 0, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static FieldValue Float(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Line protocol cannot carry NaN or Infinity.");
        return new(FieldKind.Float, 0, value, null);
    }

    public bool Equals(FieldValue other) => Kind == other.Kind && Kind switch
    {
        FieldKind.Float => _float.Equals(other._float),
        FieldKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
        _ => _integer == other._integer,
    };

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, _integer, _float, _string);

    public override string ToString() => Kind switch
    {
        FieldKind.Integer => $"{_integer}i",
        FieldKind.Float => _float.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldKind.Boolean => _integer != 0 ? "true" : "false",
        _ => $"\"{_string}\"",
    };

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    InvalidOperationException WrongKind(FieldKind wanted) => new($"The field holds a {Kind} value, not a {wanted} value.");
}
