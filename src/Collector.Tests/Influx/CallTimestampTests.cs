using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class CallTimestampTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void TheHashIsFnv1a32OverUtf8SoItIsStableAcrossProcesses(string text, uint expected)
    {
        Assert.Equal(expected, CallTimestamp.Fnv1a32(text));
    }

    [Fact]
    public void TheTimestampIsTheStartIn100nsTicksTimes100PlusTheKeysBucket()
    {
        var start = Start.AddTicks(1234567); // 0.1234567 s: 3CX's 100 ns resolution
        var expected = (start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 + 0xE40C292Cu % 100;

        Assert.Equal(expected, CallTimestamp.For(start, "a"));
        Assert.Equal(1795428000123456720, CallTimestamp.For(start, "a"));
    }

    [Fact]
    public void TheSameCallAlwaysGetsTheSameTimestampWhateverTheOffsetOfItsStart()
    {
        var utc = CallTimestamp.For(Start, "call-42/1");
        var local = CallTimestamp.For(Start.ToOffset(TimeSpan.FromHours(2)), "call-42/1");

        Assert.Equal(utc, local);
        Assert.Equal(utc, CallTimestamp.For(Start, "call-42/1"));
    }

    [Fact]
    public void CallsStartingInTheSameTickAreSpreadOverTheHundredFreeNanoseconds()
    {
        var stamps = Enumerable.Range(0, 1000).Select(i => CallTimestamp.For(Start, $"call-{i}")).ToList();

        Assert.All(stamps, s => Assert.InRange(s - CallTimestamp.For(Start, "a") / 100 * 100, 0, 99));
        Assert.Equal(100, stamps.Distinct().Count());
    }

    [Fact]
    public void AnEmptyKeyIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CallTimestamp.For(Start, ""));
    }
}
