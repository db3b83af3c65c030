using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

/// <summary>A float keeps its bits in the integer's slot: each kind still reads back, compares and hashes as itself.</summary>
public class FieldValueTests
{
    [Theory]
    [InlineData(0.1)]
    [InlineData(-12.345678)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(-0.0)]
    public void AFloatReadsBackExactly(double value)
    {
        var field = FieldValue.Float(value);

        Assert.Equal(FieldKind.Float, field.Kind);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(field.AsFloat));
    }

    [Fact]
    public void AnIntegerWithTheSameBitsAsAFloatIsAnotherValue()
    {
        var bits = BitConverter.DoubleToInt64Bits(1.5);

        Assert.NotEqual(FieldValue.Float(1.5), FieldValue.Integer(bits));
        Assert.Equal(bits, FieldValue.Integer(bits).AsInteger);
        Assert.Throws<InvalidOperationException>(() => FieldValue.Integer(bits).AsFloat);
    }

    [Fact]
    public void EqualFloatsAreEqualAndHashAlikeAsDoublesDo()
    {
        Assert.Equal(FieldValue.Float(0.0), FieldValue.Float(-0.0));
        Assert.Equal(FieldValue.Float(0.0).GetHashCode(), FieldValue.Float(-0.0).GetHashCode());
        Assert.Equal(FieldValue.Float(2.25).GetHashCode(), FieldValue.Float(2.25).GetHashCode());
        Assert.NotEqual(FieldValue.Float(2.25), FieldValue.Float(2.5));
    }

    [Fact]
    public void EveryKindReadsBackAsWritten()
    {
        Assert.Equal(long.MinValue, FieldValue.Integer(long.MinValue).AsInteger);
        Assert.True(FieldValue.Boolean(true).AsBoolean);
        Assert.False(FieldValue.Boolean(false).AsBoolean);
        Assert.Equal("x", FieldValue.String("x").AsString);
        Assert.Equal("1.5", FieldValue.Float(1.5).ToString());
        Assert.Equal("-3i", FieldValue.Integer(-3).ToString());
    }
}
