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
/// One field value, stored without boxing in 24 bytes (a float keeps its bits in the integer's slot). Construction
/// validates what line protocol cannot carry: NaN and ±Infinity are rejected, as is a null string.
/// </summary>
internal readonly struct FieldValue : IEquatable<FieldValue>
{
    readonly long _bits; // the integer, the boolean (0/1) or the float's bits
    readonly string? _string;

    FieldValue(FieldKind kind, long bits, string? @string)
    {
        Kind = kind;
        _bits = bits;
        _string = @string;
    }

    public FieldKind Kind { get; }

    public long AsInteger => Kind == FieldKind.Integer ? _bits : throw WrongKind(FieldKind.Integer);
    public double AsFloat => Kind == FieldKind.Float ? BitConverter.Int64BitsToDouble(_bits) : throw WrongKind(FieldKind.Float);
    public bool AsBoolean => Kind == FieldKind.Boolean ? _bits != 0 : throw WrongKind(FieldKind.Boolean);
    public string AsString => Kind == FieldKind.String ? _string! : throw WrongKind(FieldKind.String);

    public static FieldValue Integer(long value) => new(FieldKind.Integer, value, null);

    public static FieldValue Boolean(bool value) => new(FieldKind.Boolean, value ? 1 : 0, null);

    public static FieldValue String(string value) =>
        new(FieldKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static FieldValue Float(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Line protocol cannot carry NaN or Infinity.");
        return new(FieldKind.Float, BitConverter.DoubleToInt64Bits(value), null);
    }

    public bool Equals(FieldValue other) => Kind == other.Kind && Kind switch
    {
        FieldKind.Float => AsFloat.Equals(other.AsFloat),
        FieldKind.String => string.Equals(_string, other._string, StringComparison.Ordinal),
        _ => _bits == other._bits,
    };

    public override bool Equals(object? obj) => obj is FieldValue other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        FieldKind.Float => HashCode.Combine(Kind, AsFloat),
        _ => HashCode.Combine(Kind, _bits, _string),
    };

    public override string ToString() => Kind switch
    {
        FieldKind.Integer => $"{_bits}i",
        FieldKind.Float => AsFloat.ToString(System.Globalization.CultureInfo.InvariantCulture),
        FieldKind.Boolean => _bits != 0 ? "true" : "false",
        _ => $"\"{_string}\"",
    };

    public static bool operator ==(FieldValue left, FieldValue right) => left.Equals(right);

    public static bool operator !=(FieldValue left, FieldValue right) => !left.Equals(right);

    InvalidOperationException WrongKind(FieldKind wanted) => new($"The field holds a {Kind} value, not a {wanted} value.");
}
