using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

public class Iso8601DurationTests
{
    [Theory]
    [InlineData("PT0S", 0L)]
    [InlineData("PT1M12.577027S", 725_770_270L)]
    [InlineData("PT0.044912S", 449_120L)]
    [InlineData("PT17.754745S", 177_547_450L)]
    [InlineData("PT0.000001S", 10L)]
    [InlineData("PT1.1234567S", 11_234_567L)]
    [InlineData("PT1.12345678999S", 11_234_567L)]
    [InlineData("P1DT2H", 936_000_000_000L)]
    [InlineData("PT1H2M3.4S", 37_234_000_000L)]
    [InlineData("PT12M", 7_200_000_000L)]
    [InlineData("P2D", 1_728_000_000_000L)]
    [InlineData("-PT5S", -50_000_000L)]
    [InlineData("-P1DT0.5S", -864_005_000_000L)]
    [InlineData("P", 0L)]
    [InlineData("PT", 0L)]
    public void ParsesEveryShapeThePbxSendsToTheExactTick(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Iso8601Duration.Parse(text));

    [Theory]
    [InlineData("00:01:12.5770270", 725_770_270L)]
    [InlineData("-00:00:05", -50_000_000L)]
    [InlineData("1.02:00:00", 936_000_000_000L)]
    public void AlsoReadsDotNetsConstantTimeSpanForm(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Iso8601Duration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("1M")]
    [InlineData("PT1.5M")]
    [InlineData("PT1.0H")]
    [InlineData("PTS")]
    [InlineData("PT1S2M")]
    [InlineData("PT1M1M")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("P1Y")]
    [InlineData("P1W")]
    [InlineData("PT1.S")]
    [InlineData("PT.5S")]
    [InlineData("PTT1S")]
    [InlineData("PT1")]
    [InlineData("PT99999999999999999999S")]
    [InlineData("P99999999999D")]
    [InlineData("pt1s")]
    [InlineData("PT 1S")]
    [InlineData("P1M")]
    [InlineData(" PT1S")]
    [InlineData("PT1S\n")]
    public void RejectsAnythingElse(string text)
    {
        Assert.False(Iso8601Duration.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Iso8601Duration.Parse(text));
    }

    [Theory]
    [InlineData("PT0S")]
    [InlineData("PT1M12.577027S")]
    [InlineData("P1DT2H")]
    [InlineData("-PT5S")]
    [InlineData("PT1H0.0000001S")]
    [InlineData("P3D")]
    public void FormatsAsThePbxDoesAndRoundTrips(string text)
    {
        Assert.Equal(text, Iso8601Duration.Format(Iso8601Duration.Parse(text)));
    }
}
