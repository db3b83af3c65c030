using Collector.Influx.LineProtocol;

namespace Collector.Tests.Influx;

public class LineProtocolEncoderTests
{
    [Fact]
    public void TheReferenceLineIsEncodedWithSortedTagsAndEveryEscape()
    {
        var point = new PointData("cpu load")
            .Tag("host", "web 01")
            .Tag("region", "eu,west")
            .Tag("path", "a=b")
            .Field("value", 0.64)
            .Field("msg", "he said \"hi\"")
            .Field("n", 42L)
            .Field("ok", true)
            .Timestamp(1795402372_000000000);

        Assert.Equal(
            """cpu\ load,host=web\ 01,path=a\=b,region=eu\,west value=0.64,msg="he said \"hi\"",n=42i,ok=true 1795402372000000000""",
            point.ToString());
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(42.0, "42")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1e300, "1E+300")]
    [InlineData(12.345678, "12.345678")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void FloatsAreWrittenInTheShortestTextThatRoundTrips(double value, string expected)
    {
        Assert.Equal($"m v={expected}", new PointData("m").Field("v", value).ToString());
    }

    [Fact]
    public void IntegersCarryTheISuffixAtBothExtremes()
    {
        var point = new PointData("m").Field("min", long.MinValue).Field("max", long.MaxValue).Field("small", 7);
        Assert.Equal("m min=-9223372036854775808i,max=9223372036854775807i,small=7i", point.ToString());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void NaNAndInfinityAreRejectedWhenTheFieldIsSet(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointData("m").Field("v", value));
    }

    [Fact]
    public void APointWithoutFieldsIsRejectedAndNothingIsWritten()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var point = new PointData("m").Tag("pbx", "hq");

        var error = Assert.Throws<LineProtocolException>(() => LineProtocolEncoder.Write(point, output));
        Assert.Contains("no fields", error.Message);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void EmptyAndNullTagValuesAreNeverEmitted()
    {
        var point = new PointData("queue_call")
            .Tag("pbx", "hq")
            .Tag("agent", "")
            .Tag("queue_name", null)
            .Tag("queue", "800")
            .Field("answered", 1);

        Assert.Equal("queue_call,pbx=hq,queue=800 answered=1i", point.ToString());
    }

    [Fact]
    public void SettingATagToEmptyRemovesItAndSettingAKeyAgainReplacesIt()
    {
        var point = new PointData("m").Tag("a", "1").Tag("b", "2").Tag("a", "").Tag("b", "3")
            .Field("f", 1).Field("g", 2).Field("f", "x");

        Assert.Equal("m,b=3 f=\"x\",g=2i", point.ToString());
    }

    [Fact]
    public void TagsAreSortedByOrdinalKeyWhateverTheOrderTheyWereAdded()
    {
        var point = new PointData("m").Tag("queue", "1").Tag("Agent", "2").Tag("agent", "3").Tag("_x", "4").Field("f", 1);
        Assert.Equal("m,Agent=2,_x=4,agent=3,queue=1 f=1i", point.ToString());
    }

    [Fact]
    public void MeasurementEscapesCommaAndSpaceButNotEquals()
    {
        Assert.Equal(@"a\,b\ c=d f=1i", new PointData("a,b c=d").Field("f", 1).ToString());
    }

    [Fact]
    public void TagKeysTagValuesAndFieldKeysEscapeCommaEqualsAndSpace()
    {
        var point = new PointData("m").Tag("k ,=", "v ,=").Field("f ,=", 1);
        Assert.Equal(@"m,k\ \,\==v\ \,\= f\ \,\==1i", point.ToString());
    }

    [Fact]
    public void StringValuesEscapeQuotesAndBackslashesOnly()
    {
        var point = new PointData("m").Field("s", "C:\\temp \"quoted\", a=b");
        Assert.Equal(@"m s=""C:\\temp \""quoted\"", a=b""", point.ToString());
    }

    [Fact]
    public void LineBreaksAreEscapedTextInNamesAndTagsAndWrittenAsTheyAreInAStringField()
    {
        var point = new PointData("m").Tag("name", "Sales\r\nTeam").Field("note", "line 1\r\nline 2\n");
        var line = point.ToString();

        Assert.Equal("m,name=Sales\\r\\nTeam note=\"line 1\r\nline 2\n\"", line);
        Assert.Equal(2, LineProtocolEncoder.Write(point, new System.Buffers.ArrayBufferWriter<byte>())); // the tag's two only
    }

    [Fact]
    public void TabsAreCarriedInEveryPlaceAndNotCounted()
    {
        var point = new PointData("m\tx").Tag("k\tk", "v\tv").Field("f\tf", "s\ts");
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var replaced = LineProtocolEncoder.Write(point, output);

        Assert.Equal("m\tx,k\tk=v\tv f\tf=\"s\ts\"\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(0, replaced);
    }

    [Fact]
    public void ABackslashBeforeAQuoteIsCarriedInATagButWrittenAsASlashInAMeasurementOrFieldKey()
    {
        var point = new PointData("m\\\"").Tag("t", "a\\\"b").Field("f\\\"g", 1);
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var replaced = LineProtocolEncoder.Write(point, output);

        Assert.Equal("m/\",t=a\\\"b f/\"g=1i\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(2, replaced);
    }

    [Fact]
    public void ABackslashThatWouldEscapeItsNeighbourIsWrittenAsASlash()
    {
        var point = new PointData(@"m\").Tag("t", @"abc\").Tag(@"k\ey", @"a\,b\ c\=d\e").Field(@"f\", 1);
        Assert.Equal(@"m/,k\ey=a/\,b/\ c/\=d\e,t=abc/ f/=1i", point.ToString());
        Assert.Equal(6, LineProtocolEncoder.Write(point, new System.Buffers.ArrayBufferWriter<byte>())); // every '/' but k\ey's
    }

    [Theory]
    [InlineData("a\0b", "a\uFFFDb")]
    [InlineData("a\u001bb\u007f", "a\uFFFDb\uFFFD")]
    [InlineData("a\u0085b", "a\uFFFDb")]
    public void ControlCharactersAreReplacedInEveryPlaceAndCounted(string text, string written)
    {
        var point = new PointData("m" + text).Tag("k" + text, "v" + text).Field("f" + text, "s" + text);
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var replaced = LineProtocolEncoder.Write(point, output);

        var expected = $"m{written},k{written}=v{written} f{written}=\"s{written}\"\n";
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(5 * text.Count(char.IsControl), replaced); // measurement, tag key, tag value, field key, field value
    }

    [Fact]
    public void HalfASurrogatePairIsReplacedAndAWholeOneCarried()
    {
        var point = new PointData("m").Tag("agent_name", "Anna \ud83d\ude00 \ud800x").Field("s", "\udc00");
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        var replaced = LineProtocolEncoder.Write(point, output);

        Assert.Equal("m,agent_name=Anna\\ 😀\\ \uFFFDx s=\"\uFFFD\"\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(2, replaced);
    }

    [Fact]
    public void EscapesAndCarriedCharactersAreNotCountedAsReplacements()
    {
        var point = new PointData("cpu load").Tag("path", @"a=b, c\d").Field("msg", "he said \"hi\" C:\\").Field("emoji", "😀 Jürgen");

        Assert.Equal(0, LineProtocolEncoder.Write(point, new System.Buffers.ArrayBufferWriter<byte>()));
    }

    [Fact]
    public void ABatchKnowsHowManyCharactersItsEncodingReplaced()
    {
        var batch = LineBatch.From([
            new PointData("m").Tag("t", "a\r\nb").Field("f", 1),       // 2
            new PointData("m").Tag("t", @"trailing\").Field("f", "\0"), // 2
            new PointData("m").Tag("t", "clean").Field("f", 1),
        ]);

        Assert.Equal(4, batch.Replacements);
        Assert.Equal(0, LineBatch.Parse(batch.ToText()).Replacements);
    }

    [Fact]
    public void NonAsciiTextIsWrittenAsUtf8()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        LineProtocolEncoder.Write(new PointData("m").Tag("agent_name", "Jürgen Øst 😀").Field("s", "ß"), output);

        Assert.Equal("m,agent_name=Jürgen\\ Øst\\ 😀 s=\"ß\"\n"u8.ToArray(), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void AMeasurementStartingWithHashIsRefusedBecauseItWouldBeAComment()
    {
        Assert.Throws<ArgumentException>(() => new PointData("#m"));
    }

    [Fact]
    public void EveryLineOfABatchEndsWithANewline()
    {
        var text = LineProtocolEncoder.ToText([
            new PointData("a").Field("f", 1).Timestamp(1),
            new PointData("b").Field("f", 2).Timestamp(2),
        ]);

        Assert.Equal("a f=1i 1\nb f=2i 2\n", text);
    }
}
