using Collector.CallLog.Sync;

namespace Collector.Tests.CallLog.Sync;

public class CallWindowTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SplitCoversTheRangeWithConsecutiveWindowsAndAShorterLastOne()
    {
        var windows = CallWindow.Split(T0, T0.AddMinutes(150), TimeSpan.FromHours(1)).ToList();

        Assert.Equal(
            [new CallWindow(T0, T0.AddHours(1)), new CallWindow(T0.AddHours(1), T0.AddHours(2)), new CallWindow(T0.AddHours(2), T0.AddMinutes(150))],
            windows);
    }

    [Fact]
    public void SplitOfAnEmptyOrBackwardRangeIsNoWindow()
    {
        Assert.Empty(CallWindow.Split(T0, T0, TimeSpan.FromHours(1)));
        Assert.Empty(CallWindow.Split(T0, T0.AddHours(-1), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void AWindowHoldsItsStartButNotItsEnd()
    {
        var window = new CallWindow(T0, T0.AddHours(1));

        Assert.True(window.Contains(T0));
        Assert.True(window.Contains(T0.AddHours(1).AddTicks(-1)));
        Assert.False(window.Contains(T0.AddHours(1)));
        Assert.False(window.Contains(T0.AddTicks(-1)));
    }

    [Fact]
    public void HistoryIsReadWithTheMaxCallSpanOnBothSides()
    {
        var rows = new CallWindow(T0, T0.AddHours(1)).RowsToRead(TimeSpan.FromMinutes(60), DateTimeOffset.MaxValue);

        Assert.Equal(new RowRange(T0.AddHours(-1), T0.AddHours(2)), rows);
    }

    [Fact]
    public void TheLiveWindowIsReadUpToNowOnly()
    {
        var now = T0.AddMinutes(2);

        var rows = new CallWindow(T0, now).RowsToRead(TimeSpan.FromHours(1), now);

        Assert.Equal(new RowRange(T0.AddHours(-1), now), rows);
    }

    [Fact]
    public void AWindowEndingBeforeNowIsReadToItsEndPlusTheSpanButNotPastNow()
    {
        var rows = new CallWindow(T0, T0.AddHours(1)).RowsToRead(TimeSpan.FromHours(1), T0.AddMinutes(90));

        Assert.Equal(new RowRange(T0.AddHours(-1), T0.AddMinutes(90)), rows);
    }

    [Fact]
    public void RowRangeHalvesShareTheMiddleInstant()
    {
        var (first, second) = new RowRange(T0, T0.AddHours(2)).Halve();

        Assert.Equal(new RowRange(T0, T0.AddHours(1)), first);
        Assert.Equal(new RowRange(T0.AddHours(1), T0.AddHours(2)), second);
    }

    [Fact]
    public void AWindowCannotEndBeforeItStarts() =>
        Assert.Throws<ArgumentException>(() => new CallWindow(T0, T0.AddTicks(-1)));
}
