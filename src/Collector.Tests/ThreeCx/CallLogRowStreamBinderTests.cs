using System.Text.Json;
using Collector.ThreeCx.Json;
using Collector.Tests.ThreeCx.Support;

namespace Collector.Tests.ThreeCx;

/// <summary>
/// The page reader binds rows straight from the bytes (<see cref="CallLogRowStreamBinder"/>) and the date-time and duration
/// readers have a fast path for 3CX's usual shapes: each must give exactly what the careful readers give.
/// </summary>
public class CallLogRowStreamBinderTests
{
    [Theory]
    [InlineData("calllog-live.json")]
    [InlineData("calllog-shapes.json")]
    [InlineData("calllog-legacy.json")]
    public void EveryRowOfARecordedPageIsReadAsTheElementByElementBinderReadsIt(string file)
    {
        var body = XapiTestData.Bytes(file);
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("value").EnumerateArray().Select(CallLogPageReader.ReadRow).ToList();

        var entries = CallLogPageReader.Read(body).Entries;

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(e => e.Row), entries.Select(e => e.Row));
        Assert.Equal(expected.Select(e => e.Unreadable), entries.Select(e => e.Unreadable));
    }

    [Fact]
    public void RowsWhoseMembersComeInAnotherOrderThanTheRowBeforeAreReadAsTheElementByElementBinderReadsThem()
    {
        // The binder tries first the name found at the same position of the row before (3CX keeps one order); a row in
        // another order, with a name ignored where a read one was, or spelled in another case, must bind all the same.
        string[] rows =
        [
            """{"CdrId":"leg-1","MainCallHistoryId":"call-1","StartTime":"2026-09-13T18:11:27Z","SourceDn":"10000","CallCost":"1","Answered":true,"TalkingDuration":"PT1M"}""",
            """{"CdrId":"leg-2","MainCallHistoryId":"call-1","StartTime":"2026-09-13T18:11:29Z","SourceDn":"10001","CallCost":"2","Answered":false,"TalkingDuration":"PT2M"}""",
            """{"TalkingDuration":"PT3M","Answered":true,"CallCost":"3","SourceDn":"10002","StartTime":"2026-09-13T18:12:00Z","MainCallHistoryId":"call-2","CdrId":"leg-3"}""",
            """{"CdrId":"leg-4","CallCost":"4","MainCallHistoryId":"call-3","sourcedn":"10003","StartTime":"2026-09-13T18:13:00Z","Summary":"x","answered":true}""",
            """{"CdrId":"leg-5","MainCallHistoryId":"call-3","StartTime":"2026-09-13T18:13:05Z","SourceDn":"10004","CallCost":"5","Answered":true,"TalkingDuration":"PT5S"}""",
        ];
        var body = CallLogPageReaderTests.Page(rows);
        using var document = JsonDocument.Parse(body);
        var expected = document.RootElement.GetProperty("value").EnumerateArray().Select(e => CallLogPageReader.ReadRow(e).Row).ToList();

        var read = CallLogPageReader.Read(body).Entries.Select(e => e.Row).ToList();
        var again = CallLogPageReader.Read(CallLogPageReaderTests.Page([.. rows.Reverse()])).Entries.Select(e => e.Row).Reverse().ToList();

        Assert.Equal(expected, read);
        Assert.Equal(expected, again);
        Assert.Equal(["10000", "10001", "10002", "10003", "10004"], read.Select(r => r!.SourceDn));
        Assert.Equal([true, false, true, true, true], read.Select(r => r!.Answered));
        Assert.Null(read[3]!.TalkingDuration);
    }

    [Fact]
    public void ATextValueRepeatedAcrossRowsIsOneStringAndEqualValuesInDifferentFieldsStayEqual()
    {
        var page = CallLogPageReader.Read(CallLogPageReaderTests.Page(CallLogPageReaderTests.Row("a"), CallLogPageReaderTests.Row("b")));

        var (a, b) = (page.Entries[0].Row!, page.Entries[1].Row!);
        Assert.Same(a.Direction, b.Direction);
        Assert.Same(a.DestinationDisplayName, b.DestinationDisplayName);
        Assert.Equal("call-a", a.MainCallHistoryId);
        Assert.Equal("call-b", b.MainCallHistoryId);
        Assert.Equal("+12395551234", a.SourceCallerId);
    }

    [Fact]
    public void NamesSpelledInAnotherCaseOrEscapedAreReadAsTheElementByElementBinderReadsThem()
    {
        var row = """
            {"cdrid":"leg-1","MAINCALLHISTORYID":"call-1","CallHistoryID":"call-1","starttime":"2026-09-13T18:11:27Z",
             "ActionDnDn":"9027","sourcedn":"10000","Destination\u0044n":"800","SOURCECALLERID":"+4971","callcost":"1",
             "recordings":[{"Id":1}],"QualityReport":true,"Answered":true,"talkingduration":"PT1M","RingingDuration":"PT2S",
             "DestinationDisplayName":"M\u00fcller, J\u00f6rg (9027)","SourceDisplayName":"M\u00fcller, J\u00f6rg (9027)"}
            """;
        var body = CallLogPageReaderTests.Page(row);
        using var document = JsonDocument.Parse(body);
        var expected = CallLogPageReader.ReadRow(document.RootElement.GetProperty("value")[0]).Row;

        var read = Assert.Single(CallLogPageReader.Read(body).Entries).Row;

        Assert.NotNull(read);
        Assert.Equal(expected, read);
        Assert.Equal(("leg-1", "call-1", "call-1", "9027", "10000", "800", "+4971"),
            (read.CdrId, read.MainCallHistoryId, read.CallHistoryId, read.ActionDnDn, read.SourceDn, read.DestinationDn, read.SourceCallerId));
        Assert.Equal(TimeSpan.FromMinutes(1), read.TalkingDuration);
        Assert.Equal("Müller, Jörg (9027)", read.DestinationDisplayName);
        Assert.Same(read.DestinationDisplayName, read.SourceDisplayName);
    }

    [Theory]
    [InlineData("2026-09-13T18:11:27.302658Z")]
    [InlineData("2026-09-13T18:11:27Z")]
    [InlineData("2026-09-13T18:11:27")]
    [InlineData("2026-09-13T18:11:27.1234567+02:00")]
    [InlineData("2026-09-13T18:11:27.5-14:00")]
    [InlineData("2026-02-29T10:00:00Z")]
    [InlineData("2028-02-29T10:00:00Z")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("9999-12-31T23:59:59.9999999-01:00")]
    [InlineData("2026-09-13T24:00:00Z")]
    [InlineData("2026-09-13T18:11:27.123456789012Z")]
    [InlineData("2026-09-13T18:11:27+15:00")]
    [InlineData("2026-09-13 18:11:27Z")]
    [InlineData("2026-09-13T18:11:27.Z")]
    public void TheFastDateTimeReaderAgreesWithTheFullOneWheneverItAnswers(string text)
    {
        var full = XapiDateTime.TryParse(text, out var expected);
        if (XapiDateTime.TryParseCommon(text, out var fast))
        {
            Assert.True(full, text);
            Assert.Equal(expected, fast);
            Assert.Equal(expected.Offset, fast.Offset);
        }
        else
        {
            // Only the shapes it does not handle (over 7 fractional digits) may be left to the full reader when valid.
            Assert.True(!full || text.Contains(".123456789012", StringComparison.Ordinal), text);
        }
    }

    [Theory]
    [InlineData("PT1M12.577027S")]
    [InlineData("PT0S")]
    [InlineData("PT3S")]
    [InlineData("P1DT2H")]
    [InlineData("-PT5S")]
    [InlineData("PT90M")]
    [InlineData("PT1H2M3.4S")]
    [InlineData("P366D")]
    [InlineData("PT0.0000001S")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("P1Y")]
    [InlineData("PT1S2M")]
    [InlineData("PT.5S")]
    [InlineData("PT1.S")]
    [InlineData("PT1.123456789S")]
    [InlineData("P10675199D")]
    [InlineData("00:01:12.5")]
    public void TheFastDurationReaderAgreesWithTheFullOneWheneverItAnswers(string text)
    {
        var full = Iso8601Duration.TryParse(text, out var expected);
        if (Iso8601Duration.TryParseCommon(text, out var fast))
        {
            Assert.True(full, text);
            Assert.Equal(expected, fast);
        }
    }

    [Theory]
    [InlineData("PT1M12.577027S")]
    [InlineData("PT0S")]
    [InlineData("P1DT2H")]
    [InlineData("-PT5S")]
    public void TheFastDurationReaderAnswersForTheShapes3CxSends(string text) =>
        Assert.True(Iso8601Duration.TryParseCommon(text, out _), text);
}
