using System.Text;
using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

/// <summary>The page's shared strings: found again from their UTF-8 bytes, equal to what decoding gives, and bounded.</summary>
public class Utf8StringTableTests
{
    static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Theory]
    [InlineData("Inbound Queue")]
    [InlineData("17707583-b2dd-4489-ac5f-4e82f012d4d9")]
    [InlineData("Müller, Jörg (9027)")]
    [InlineData("☎ 📞")]
    [InlineData("")]
    public void AValueSeenBeforeIsTheSameStringAndEqualsItsDecodedText(string text)
    {
        var table = new Utf8StringTable(capacity: 16, maxChars: 64);

        var first = table.Get(Utf8(text));
        var again = table.Get(Utf8(text));

        Assert.Equal(text, first);
        Assert.Same(first, again);
    }

    [Fact]
    public void ValuesThatDifferInOneByteOrInLengthAreNotConfused()
    {
        var table = new Utf8StringTable(capacity: 64, maxChars: 64);
        string[] values = ["abcdefgh", "abcdefgi", "abcdefg", "abcdefgh ", "Abcdefgh", "abcdefgh\u00e9", "abcdefgh\u00e8"];

        foreach (var value in values) table.Get(Utf8(value));

        foreach (var value in values)
            Assert.Equal(value, table.Get(Utf8(value)));
        Assert.Equal(values.Length, table.Count);
    }

    [Fact]
    public void ThousandsOfValuesAreKeptUpToTheCapacityAndEveryOneIsStillDecodedRight()
    {
        var table = new Utf8StringTable(capacity: 3_000, maxChars: 64);
        var values = Enumerable.Range(0, 5_000).Select(i => $"value-{i}-ü").ToArray();

        var first = values.Select(v => table.Get(Utf8(v))).ToArray();
        var again = values.Select(v => table.Get(Utf8(v))).ToArray();

        Assert.Equal(values, again);
        Assert.Equal(3_000, table.Count);
        Assert.All(Enumerable.Range(0, 3_000), i => Assert.Same(first[i], again[i]));
        Assert.All(Enumerable.Range(3_000, 2_000), i => Assert.NotSame(first[i], again[i]));
    }

    [Fact]
    public void AValueLongerThanTheLimitIsDecodedEachTimeAndNotKept()
    {
        var table = new Utf8StringTable(capacity: 16, maxChars: 8);
        var text = "longer than eight";

        var first = table.Get(Utf8(text));
        var again = table.Get(Utf8(text));

        Assert.Equal(text, again);
        Assert.NotSame(first, again);
        Assert.Equal(0, table.Count);
    }

    [Fact]
    public void AfterClearTheTableForgetsItsValuesAndKeepsEveryNewOneUpToTheCapacityAgain()
    {
        var table = new Utf8StringTable(capacity: 3_000, maxChars: 64);
        var before = Enumerable.Range(0, 5_000).Select(i => table.Get(Utf8($"page-1-{i}"))).ToArray();

        table.Clear();
        var values = Enumerable.Range(0, 3_000).Select(i => $"page-2-{i}-ü").ToArray();
        var first = values.Select(v => table.Get(Utf8(v))).ToArray();
        var again = values.Select(v => table.Get(Utf8(v))).ToArray();
        var fromBefore = table.Get(Utf8("page-1-0"));

        Assert.Equal(values, again);
        Assert.All(Enumerable.Range(0, 3_000), i => Assert.Same(first[i], again[i]));
        Assert.Equal(3_000, table.Count);
        Assert.Equal("page-1-0", fromBefore);
        Assert.NotSame(before[0], fromBefore);   // forgotten, and the table is full: decoded afresh
    }
}
