using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

public class XapiDateTimeTests
{
    static readonly DateTimeOffset Base = new(2026, 9, 13, 18, 11, 27, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-09-13T18:11:27Z", 0L, 0)]
    [InlineData("2026-09-13T18:11:27.3Z", 3_000_000L, 0)]
    [InlineData("2026-09-13T18:11:27.10441Z", 1_044_100L, 0)]
    [InlineData("2026-09-13T18:11:27.302658Z", 3_026_580L, 0)]
    [InlineData("2026-09-13T18:11:27.7261699Z", 7_261_699L, 0)]
    [InlineData("2026-09-13T18:11:27.123456789012Z", 1_234_567L, 0)]
    [InlineData("2026-09-13T18:11:27.7261699+01:00", 7_261_699L, 60)]
    [InlineData("2026-09-13T18:11:27-05:30", 0L, -330)]
    [InlineData("2026-09-13T18:11:27+00:00", 0L, 0)]
    [InlineData("2026-09-13T18:11:27.5", 5_000_000L, 0)]
    public void ParsesEveryShapeWithItsOffsetToTheExactTick(string text, long fractionTicks, int offsetMinutes)
    {
        var value = XapiDateTime.Parse(text);
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        Assert.Equal(new DateTimeOffset(Base.DateTime.AddTicks(fractionTicks), offset), value);
        Assert.Equal(offset, value.Offset);
    }

    [Fact]
    public void KeepsTheInstantOfLocalOffsetTimes()
    {
        var value = XapiDateTime.Parse("2025-12-09T00:08:32.7261699+01:00");
        Assert.Equal(new DateTime(2025, 12, 8, 23, 8, 32, DateTimeKind.Utc).AddTicks(7_261_699), value.UtcDateTime);
    }

    [Fact]
    public void ReadsTheSpecsMinimumValue() =>
        Assert.Equal(DateTimeOffset.MinValue, XapiDateTime.Parse("0001-01-01T00:00:00.0000000+00:00"));

    [Theory]
    [InlineData("")]
    [InlineData("2026-09-13")]
    [InlineData("2026-09-13 18:11:27Z")]
    [InlineData("2026-09-13T18:11Z")]
    [InlineData("2026-13-13T18:11:27Z")]
    [InlineData("2026-02-30T18:11:27Z")]
    [InlineData("2026-09-13T24:00:00Z")]
    [InlineData("2026-09-13T18:11:27.Z")]
    [InlineData("2026-09-13T18:11:27.1234567890123Z")]
    [InlineData("2026-09-13T18:11:27+0100")]
    [InlineData("2026-09-13T18:11:27+15:00")]
    [InlineData("2026-09-13T18:11:27z")]
    [InlineData("1789123456")]
    public void RejectsAnythingElse(string text) => Assert.False(XapiDateTime.TryParse(text, out _));
}
