using Collector.Live.Points;

namespace Collector.Tests.Live;

public sealed class ObservedTimeTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheFirstSnapshotVouchesForNothingAndEachNextOneForTheTimeSinceThePrevious()
    {
        var observed = new ObservedTime(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.Zero, observed.Next(T0));
        Assert.Equal(TimeSpan.FromSeconds(5), observed.Next(T0.AddSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(7.5), observed.Next(T0.AddSeconds(12.5)));
    }

    [Fact]
    public void AGapLongerThanTwoIntervalsCountsOnlyTwoIntervals()
    {
        var observed = new ObservedTime(TimeSpan.FromSeconds(5));
        observed.Next(T0);

        Assert.Equal(TimeSpan.FromSeconds(10), observed.Next(T0.AddMinutes(30)));
        Assert.Equal(TimeSpan.FromSeconds(5), observed.Next(T0.AddMinutes(30).AddSeconds(5)));
    }

    [Fact]
    public void ASnapshotNotLaterThanThePreviousVouchesForNothing()
    {
        var observed = new ObservedTime(TimeSpan.FromSeconds(5));
        observed.Next(T0.AddSeconds(10));

        Assert.Equal(TimeSpan.Zero, observed.Next(T0.AddSeconds(8)));
        Assert.Equal(TimeSpan.FromSeconds(5), observed.Next(T0.AddSeconds(15)));
    }
}
