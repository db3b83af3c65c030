using Collector.Influx.Writing;

namespace Collector.Tests.Influx;

public class WriteBackoffTests
{
    static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public void WaitsDoubleFromTheFirstDelayUpToTheCap()
    {
        var backoff = new WriteBackoff(Second, TimeSpan.FromSeconds(60), () => 0);
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 8).Select(n => backoff.DelayBefore(n, null).TotalSeconds));
    }

    [Fact]
    public void JitterAddsAtMostAFifthOfTheWait()
    {
        var backoff = new WriteBackoff(Second, TimeSpan.FromSeconds(60), () => 0.5);
        Assert.Equal(TimeSpan.FromSeconds(4.4), backoff.DelayBefore(3, null));
    }

    [Fact]
    public void RetryAfterIsHonouredWhenLongerThanTheBackOffButNeverBeyondTheCap()
    {
        var backoff = new WriteBackoff(Second, TimeSpan.FromSeconds(60), () => 0);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.DelayBefore(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(4), backoff.DelayBefore(3, TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(60), backoff.DelayBefore(1, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void VeryLateRetriesDoNotOverflow()
    {
        var backoff = new WriteBackoff(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), () => 0.99);
        Assert.Equal(TimeSpan.FromMinutes(5), backoff.DelayBefore(1000, null));
    }
}
