using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class LineBatchTests
{
    [Fact]
    public void PointsBecomeOneLineEachAndAnyRunCanBeSlicedWithoutItsNeighbours()
    {
        var batch = LineBatch.From(Enumerable.Range(1, 5).Select(i => new PointData("m").Field("v", i).Timestamp(i)));

        Assert.Equal(5, batch.Count);
        Assert.Equal("m v=3i 3", batch.LineText(2));
        Assert.Equal("m v=2i 2\nm v=3i 3\n", System.Text.Encoding.UTF8.GetString(batch.Slice(1, 2).Span));
        Assert.Equal(batch.ByteCount, batch.Slice(0, 5).Length);
    }

    [Fact]
    public void ABuilderGrowingPastItsFirstBufferKeepsEveryLineAndCountsReplacements()
    {
        var points = Enumerable.Range(1, 3000).Select(i => new PointData("m").Tag("t", i % 7 == 0 ? "bad\u0001" : "ok").Field("s", new string('x', 40)).Timestamp(i)).ToList();
        using var builder = new LineBatch.Builder();
        foreach (var point in points)
            builder.Add(point);

        var expected = LineBatch.From(points);
        var view = builder.View();
        var built = builder.Build();

        Assert.True(expected.ByteCount > 64 * 1024);   // grown at least once
        Assert.Equal(expected.ToText(), view.ToText());
        Assert.Equal(expected.ToText(), built.ToText());
        Assert.Equal(3000, view.Count);
        Assert.Equal(expected.Replacements, view.Replacements);
        Assert.Equal(points.Count(p => p.Tags[0].Value.StartsWith("bad", StringComparison.Ordinal)), built.Replacements);
        Assert.Equal(expected.LineText(2999), view.LineText(2999));
    }

    [Fact]
    public void ABuilderClearedStartsAnEmptyBatchAndItsCopiesOutliveIt()
    {
        var builder = new LineBatch.Builder();
        builder.Add(new PointData("m").Field("v", 1).Timestamp(1));
        var copy = builder.Build();
        builder.Clear();

        Assert.Equal(0, builder.Count);
        Assert.Same(LineBatch.Empty, builder.View());
        builder.Add(new PointData("n").Field("v", 2).Timestamp(2));
        Assert.Equal("n v=2i 2\n", builder.View().ToText());
        builder.Dispose();
        Assert.Equal("m v=1i 1\n", copy.ToText());
    }

    [Fact]
    public void BatchesConcatenatedKeepEveryLineInOrderAndTheirReplacementCounts()
    {
        var encoded = LineBatch.From([new PointData("m").Tag("t", "a\u0001").Field("v", 1L).Timestamp(1)]);
        var parsed = LineBatch.Parse("a f=1i 1\r\n\n  \nb f=2i 2");   // its buffer is longer than its lines

        var all = LineBatch.Concat([encoded, parsed, LineBatch.Empty, encoded]);

        Assert.Equal(4, all.Count);
        Assert.Equal(encoded.LineText(0) + "\na f=1i 1\nb f=2i 2\n" + encoded.LineText(0) + "\n", all.ToText());
        Assert.Equal("b f=2i 2", all.LineText(2));
        Assert.Equal(2 * encoded.Replacements, all.Replacements);
        Assert.Equal(1, encoded.Replacements);
    }

    [Fact]
    public void ParsingSkipsBlankLinesAndAcceptsAMissingFinalNewlineAndCrLf()
    {
        var batch = LineBatch.Parse("a f=1i 1\r\n\n  \nb f=2i 2");

        Assert.Equal(2, batch.Count);
        Assert.Equal("a f=1i 1\nb f=2i 2\n", batch.ToText());
    }

    [Fact]
    public void ALineBreakInsideAQuotedStringFieldDoesNotEndTheLine()
    {
        var batch = LineBatch.Parse("a,t=x\\\"y s=\"one\ntwo \\\" three\\\\\",n=1i 1\nb s=\"\r\n\",k\"=\"z\n\" 2\nc f=3i 3");

        Assert.Equal(
            ["a,t=x\\\"y s=\"one\ntwo \\\" three\\\\\",n=1i 1", "b s=\"\r\n\",k\"=\"z\n\" 2", "c f=3i 3"],
            Enumerable.Range(0, batch.Count).Select(batch.LineText));
    }

    [Fact]
    public void AQuoteNeverClosedEndsItsLineAtTheNextNewlineSoItCannotSwallowTheRest()
    {
        var batch = LineBatch.Parse("a s=\"unterminated\nb f=2i 2\nc s=\"x\" 3");

        Assert.Equal(["a s=\"unterminated", "b f=2i 2", "c s=\"x\" 3"], Enumerable.Range(0, batch.Count).Select(batch.LineText));
    }

    [Fact]
    public void EncodedPointsWithLineBreaksInStringFieldsParseBackToTheSameLines()
    {
        var encoded = LineBatch.From([
            new PointData("m").Tag("t", "a\r\nb").Field("s", "line 1\nline 2\\").Field("n", 1).Timestamp(1),
            new PointData("m").Field("s", "\"\r\n\"\t\\").Timestamp(2),
            new PointData("m").Field("n", 3).Timestamp(3),
        ]);

        var parsed = LineBatch.Parse(encoded.ToText());

        Assert.Equal(3, parsed.Count);
        Assert.Equal(Enumerable.Range(0, 3).Select(encoded.LineText), Enumerable.Range(0, 3).Select(parsed.LineText));
    }

    [Fact]
    public void PayloadsAreJoinedInOrder()
    {
        var batch = LineBatch.Parse(["a f=1i 1\nb f=2i 2\n", "c f=3i 3"]);

        Assert.Equal(["a f=1i 1", "b f=2i 2", "c f=3i 3"], Enumerable.Range(0, batch.Count).Select(batch.LineText));
    }

    [Fact]
    public void SlicingPastTheEndIsRefused()
    {
        var batch = LineBatch.Parse("a f=1i");
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Slice(1, 1));
    }

    [Fact]
    public void BatchesBuiltWhileAnotherIsBeingBuiltOnTheSameThreadDoNotMix()
    {
        LineBatch? inner = null;
        var outer = LineBatch.From(Enumerable.Range(1, 3).Select(i =>
        {
            if (i == 2)
                inner = LineBatch.From([new PointData("inner").Field("v", 9)]);
            return new PointData("outer").Field("v", i);
        }));

        Assert.Equal("outer v=1i\nouter v=2i\nouter v=3i\n", outer.ToText());
        Assert.Equal("inner v=9i\n", inner!.ToText());
    }
}
