using Collector.ThreeCx;
using Collector.ThreeCx.Resilience;

namespace Collector.Tests.ThreeCx;

public class BackoffScheduleTests
{
    static BackoffSchedule Schedule(double random, double jitter = 0.2) =>
        new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), jitter, TimeSpan.FromSeconds(60), () => random);

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 2000)]
    [InlineData(2, 4000)]
    [InlineData(4, 16000)]
    [InlineData(5, 30000)]
    [InlineData(60, 30000)]
    public void DoublesFromTheBaseUpToTheCapWithoutJitter(int attempt, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Schedule(0.5).DelayFor(attempt));

    [Theory]
    [InlineData(0.0, 800)]
    [InlineData(0.25, 900)]
    [InlineData(0.999999, 1200)]
    public void JitterSpreadsEachDelayByTheConfiguredFraction(double random, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds).TotalMilliseconds, Schedule(random).DelayFor(0).TotalMilliseconds, 0.01);

    [Fact]
    public void JitterNeverPushesADelayBeyondTheCap() =>
        Assert.Equal(TimeSpan.FromSeconds(30), Schedule(0.999999).DelayFor(5));

    [Theory]
    [InlineData(2, 2)]
    [InlineData(0, 0)]
    [InlineData(59, 59)]
    [InlineData(3600, 60)]
    public void RetryAfterIsHonouredExactlyButCapped(int retryAfterSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Schedule(0.0).DelayFor(3, TimeSpan.FromSeconds(retryAfterSeconds)));

    [Fact]
    public void OptionsDefaultsGiveTheDocumentedSchedule()
    {
        var schedule = BackoffSchedule.From(new XapiOptions(), () => 0.5);
        Assert.Equal([1, 2, 4, 8], Enumerable.Range(0, 4).Select(a => schedule.DelayFor(a).TotalSeconds));
    }
}
