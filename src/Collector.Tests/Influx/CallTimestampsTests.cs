using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class CallTimestampsTests
{
    static readonly DateTimeOffset Instant = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    // "k539" and "k644" share slot 903352 (found by trying k0, k1, …).
    const string First = "k539";
    const string Second = "k644";

    static Dictionary<string, long> Stamp(IEnumerable<(string Measurement, DateTimeOffset Start, string Key)> points, out CallTimestamps stamps)
    {
        stamps = new CallTimestamps();
        var added = new List<(string Key, int Index)>();
        foreach (var (measurement, start, key) in points)
            added.Add((measurement + "/" + key, stamps.Add(measurement, start, key)));
        stamps.Stamp();
        var stamped = stamps;
        return added.ToDictionary(a => a.Key, a => stamped[a.Index]);
    }

    [Fact]
    public void TwentyThousandKeysAtOneInstantAllGetDistinctTimestampsWithinItsMillisecond()
    {
        var keys = Enumerable.Range(0, 20_000).Select(i => $"cdr-{i:D6}").ToList();

        var stamps = Stamp(keys.Select(k => ("call", Instant, k)), out var allocator);

        Assert.Equal(keys.Count, stamps.Values.Distinct().Count());
        var millisecond = CallTimestamp.Millisecond(Instant);
        Assert.All(stamps.Values, s => Assert.InRange(s, millisecond, millisecond + CallTimestamp.Slots - 1));
        Assert.InRange(allocator.Moved, 1, 400); // the birthday collisions, and only those, were moved
    }

    [Fact]
    public void OfTwoKeysOnOneSlotTheFirstInOrdinalOrderKeepsItAndTheOtherTakesTheNextFreeOne()
    {
        Assert.Equal(CallTimestamp.Slot(First), CallTimestamp.Slot(Second));

        var stamps = Stamp([("call", Instant, Second), ("call", Instant, First), ("call", Instant, "k1")], out var allocator);

        Assert.Equal(CallTimestamp.For(Instant, First), stamps["call/" + First]);
        Assert.Equal(CallTimestamp.For(Instant, First) + 1, stamps["call/" + Second]);
        Assert.Equal(CallTimestamp.For(Instant, "k1"), stamps["call/k1"]); // no collision: its natural timestamp
        Assert.Equal(1, allocator.Moved);
    }

    [Fact]
    public void TheOrderPointsAreAddedInChangesNoTimestamp()
    {
        var points = Enumerable.Range(0, 5_000).Select(i => ("agent_call", Instant.AddTicks(i % 7 * 10_000), $"leg-{i}")).ToList();
        points.Add(("agent_call", Instant, First));
        points.Add(("agent_call", Instant, Second));

        var forwards = Stamp(points, out _);
        var backwards = Stamp(Enumerable.Reverse(points), out _);
        var shuffled = Stamp(points.OrderBy(p => CallTimestamp.Hash64(p.Item3 + "shuffle")), out _);

        Assert.Equal(forwards, backwards);
        Assert.Equal(forwards, shuffled);
    }

    [Fact]
    public void DifferentMeasurementsOrMillisecondsNeedNotBeMovedApart()
    {
        var stamps = Stamp([
            ("call", Instant, First), ("queue_call", Instant, Second),                   // other measurement
            ("agent_call", Instant, First), ("agent_call", Instant.AddMilliseconds(1), Second), // other millisecond
        ], out var allocator);

        Assert.Equal(0, allocator.Moved);
        Assert.Equal(CallTimestamp.For(Instant, Second), stamps["queue_call/" + Second]);
    }

    [Fact]
    public void TheSameKeyTwiceInOneMeasurementIsOnePointWithOneTimestamp()
    {
        var allocator = new CallTimestamps();
        var a = allocator.Add("call", Instant, First);
        var b = allocator.Add("call", Instant, First);

        allocator.Stamp();

        Assert.Equal(allocator[a], allocator[b]);
        Assert.Equal(0, allocator.Moved);
    }
}
