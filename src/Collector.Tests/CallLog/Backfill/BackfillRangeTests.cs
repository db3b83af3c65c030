using Collector.CallLog.Backfill;

namespace Collector.Tests.CallLog.Backfill;

public class BackfillRangeTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 17, 0, TimeSpan.Zero);

    [Fact]
    public void DatesAreWholeUtcDaysWithTheToDayIncluded()
    {
        var range = BackfillRange.Parse("2026-11-01", "2026-11-30", Now);

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), range.To);
        Assert.Equal("2026-11-01 00:00:00Z to 2026-12-01 00:00:00Z", range.ToString());
    }

    [Fact]
    public void ATimeWithoutOffsetIsUtcAndAnOffsetIsHonoured()
    {
        var range = BackfillRange.Parse("2026-11-20T08:30", "2026-11-20 12:00:00+01:00", Now);

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero), range.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 11, 0, 0, TimeSpan.Zero), range.To);
    }

    [Fact]
    public void NowIsThisMachinesClockAndKeepsItsNameInTheKey()
    {
        var range = BackfillRange.Parse("2026-11-20", "now", Now);

        Assert.Equal(Now, range.To);
        Assert.Equal("2026-11-20T00:00:00.0000000Z/now", range.Key);
        Assert.Equal(range.Key, BackfillRange.Parse("2026-11-20", "NOW", Now.AddHours(3)).Key);
    }

    [Theory]
    [InlineData("20.11.2026", "2026-11-21", "--from \"20.11.2026\" is not a date")]
    [InlineData("2026-11-20", "tomorrow", "--to \"tomorrow\" is not a date")]
    [InlineData("2026-11-21", "2026-11-20", "--to (2026-11-21 00:00:00Z) must be after --from (2026-11-21 00:00:00Z).")]
    public void ABadRangeIsOneClearLine(string from, string to, string expected)
    {
        var error = Assert.Throws<FormatException>(() => BackfillRange.Parse(from, to, Now));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
