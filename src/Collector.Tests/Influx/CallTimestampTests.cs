using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class CallTimestampTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheHashIsTheFirst64BitsOfSha256OverUtf8SoItIsStableAcrossProcesses()
    {
        Assert.Equal(0xCA978112CA1BBDCAul, CallTimestamp.Hash64("a")); // sha256("a") = ca978112ca1bbdca…
    }

    [Fact]
    public void TheTimestampIsTheStartsMillisecondPlusTheKeysSlot()
    {
        var start = Start.AddTicks(1234567); // 0.1234567 s: 3CX's 100 ns resolution

        Assert.Equal(1795428000_123_000000 + 0xCA978112CA1BBDCAul % 1_000_000, (ulong)CallTimestamp.For(start, "a"));
        Assert.Equal(1795428000_123_962250, CallTimestamp.For(start, "a"));
    }

    [Fact]
    public void APointStaysInTheMillisecondOfItsStartSoEveryDashboardBucketIsUnchanged()
    {
        var start = new DateTimeOffset(2026, 11, 23, 23, 59, 59, 999, TimeSpan.Zero).AddTicks(9999); // the day's last 100 ns
        var midnight = UnixTime.Nanoseconds(start.Date.AddDays(1));

        var stamps = Enumerable.Range(0, 1000).Select(i => CallTimestamp.For(start, $"call-{i}")).ToList();

        Assert.All(stamps, s => Assert.InRange(s, midnight - 1_000_000, midnight - 1));
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
    public void KeysAreSpreadOverAMillionSlotsPerMillisecond()
    {
        var slots = Enumerable.Range(0, 20_000).Select(i => CallTimestamp.Slot($"cdr-{i:D6}")).ToList();

        Assert.All(slots, s => Assert.InRange(s, 0, CallTimestamp.Slots - 1));
        // 20 000 keys in a million slots: about 200 shared by two (birthday), never thousands as with 100 buckets.
        Assert.InRange(slots.Count - slots.Distinct().Count(), 0, 400);
    }

    [Fact]
    public void AnInstantBefore1970IsTruncatedDownwardsToo()
    {
        var before = DateTimeOffset.UnixEpoch.AddTicks(-1); // −100 ns

        Assert.Equal(-1_000_000, CallTimestamp.Millisecond(before));
    }

    [Fact]
    public void AnEmptyKeyIsRefused()
    {
        Assert.Throws<ArgumentException>(() => CallTimestamp.For(Start, ""));
    }
}
