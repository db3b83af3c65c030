using System.Text;
using System.Text.Json;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

/// <summary>
/// One unreadable call-log row must not fail its page (and with it every later sync run): each row is read on its own,
/// a bad one is skipped with its CdrId and reason, the others are read as if it were not there.
/// </summary>
public class CallLogPageReaderTests
{
    /// <summary>A row as the simulator and 3CX write it, with <paramref name="cdrId"/> and the members in <paramref name="extra"/> replaced or added.</summary>
    internal static string Row(string cdrId, string extra = "") =>
        "{" + (extra.Length > 0 ? extra + "," : "") + $$"""
        "MainCallHistoryId":"call-{{cdrId}}","CallHistoryId":"call-{{cdrId}}","CdrId":"{{cdrId}}","CallId":1,"Indent":1,
        "StartTime":"2026-09-13T18:11:27.302658Z","SourceType":1,"SourceDn":"10000","SourceCallerId":"+12395551234",
        "SourceDisplayName":"+12395551234","DestinationType":1,"DestinationDn":"9027","DestinationCallerId":"",
        "DestinationDisplayName":"Berg, Anna (9027)","ActionType":1,"ActionDnType":1,"RingingDuration":"PT3S",
        "TalkingDuration":"PT1M12.577027S","CallCost":0,"Answered":true,"Direction":"Inbound","CallType":"Extension",
        "Status":"Answered","SubrowDescNumber":1,"Reason":"Ended by caller","SrcRecId":632932,"DstRecId":632932,
        "SegmentId":1,"QualityReport":false,"Recordings":[{"Id":632932}]}
        """;

    internal static byte[] Page(params string[] rows) =>
        Encoding.UTF8.GetBytes("""{"@odata.context":"https://pbx/xapi/v1/$metadata#ReportCallLogData","value":[""" + string.Join(",", rows) + "]}");

    static CallLogRow Clean(string cdrId) => Assert.Single(CallLogPageReader.Read(Page(Row(cdrId))).Entries).Row!;

    /// <summary>Later members win, so a member put first by <see cref="Row"/> is overridden: these replace the row's own.</summary>
    static string Replace(string cdrId, string member, string json)
    {
        var row = Row(cdrId);
        var start = row.IndexOf($"\"{member}\":", StringComparison.Ordinal);
        var end = start + member.Length + 3;
        var depth = 0;
        for (; end < row.Length; end++)
        {
            var c = row[end];
            if (c is '{' or '[') depth++;
            else if (c is '}' or ']') { if (depth-- == 0) break; }
            else if (c == ',' && depth == 0) break;
            else if (c == '"') end = row.IndexOf('"', end + 1);
        }
        return row[..start] + $"\"{member}\":{json}" + row[end..];
    }

    public static TheoryData<string, string, string> Unreadable() => new()
    {
        { "a null row", "null", "null" },
        { "a number instead of a row", "42", "not an object" },
        { "StartTime 9999-12-31", Replace("bad", "StartTime", "\"9999-12-31T23:59:59Z\""), "StartTime" },
        { "a leg in 2262", Replace("bad", "StartTime", "\"2262-04-12T00:00:00Z\""), "StartTime" },
        { "StartTime a number", Replace("bad", "StartTime", "1700000000"), "StartTime" },
        { "StartTime not a date", Replace("bad", "StartTime", "\"yesterday\""), "yesterday" },
        { "TalkingDuration P10675199D", Replace("bad", "TalkingDuration", "\"P10675199D\""), "TalkingDuration" },
        { "RingingDuration -P10675199D", Replace("bad", "RingingDuration", "\"-P10675199D\""), "RingingDuration" },
        { "RingingDuration a number", Replace("bad", "RingingDuration", "12"), "RingingDuration" },
        { "TalkingDuration an object", Replace("bad", "TalkingDuration", "{\"s\":1}"), "TalkingDuration" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void AnUnreadableRowIsSkippedWithItsCdrIdAndReasonAndTheOtherRowsOfItsPageAreRead(string kind, string poisoned, string reasonPart)
    {
        var page = CallLogPageReader.Read(Page(Row("first"), poisoned, Row("last")));

        Assert.Equal(3, page.Entries.Count);
        Assert.Equal(Clean("first"), page.Entries[0].Row);
        Assert.Equal(Clean("last"), page.Entries[2].Row);
        var skipped = page.Entries[1].Unreadable;
        Assert.True(skipped is not null, kind);
        Assert.Null(page.Entries[1].Row);
        Assert.Contains(reasonPart, skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(poisoned.StartsWith('{') ? "bad" : null, skipped.CdrId);
        Assert.Equal(skipped.CdrId ?? skipped.Key, skipped.Key);
        Assert.Equal(JsonDocument.Parse(poisoned).RootElement.GetRawText(), skipped.RawText);
    }

    public static TheoryData<string, string> Tolerated() => new()
    {
        { "SourceCallerId a number", "\"SourceCallerId\":12395551234" },
        { "CallId a float", "\"CallId\":1.5" },
        { "SegmentId above 2^31", "\"SegmentId\":3000000000" },
        { "CallCost 1e308", "\"CallCost\":1e308" },
        { "CallCost beyond a double", "\"CallCost\":1e400" },
        { "Indent a string", "\"Indent\":\"x\"" },
        { "QualityReport a string", "\"QualityReport\":\"no\"" },
        { "Recordings an object", "\"Recordings\":{\"Id\":\"x\"}" },
        { "Summary a number", "\"Summary\":5" },
        { "an unknown member nested 500 deep", "\"Future\":" + string.Concat(Enumerable.Repeat("[", 500)) + string.Concat(Enumerable.Repeat("]", 500)) },
        { "duplicate keys, the first junk", "\"CdrId\":{},\"StartTime\":\"junk\",\"Direction\":[1]" },
    };

    [Theory]
    [MemberData(nameof(Tolerated))]
    public void AnOddityInAFieldWeDoNotUseOrARepeatedKeyLeavesTheRowAsIfClean(string kind, string member)
    {
        var page = CallLogPageReader.Read(Page(Row("first"), Row("odd", member), Row("last")));

        Assert.All(page.Entries, e => Assert.True(e.Row is not null, $"{kind}: {e.Unreadable?.Reason}"));
        var odd = page.Entries[1].Row!;
        var clean = Clean("odd");
        Assert.Equal((clean.StartTime, clean.RingingDuration, clean.TalkingDuration, clean.Direction, clean.Status, clean.CdrId, clean.DestinationDn),
            (odd.StartTime, odd.RingingDuration, odd.TalkingDuration, odd.Direction, odd.Status, odd.CdrId, odd.DestinationDn));
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("\"true\"", true)]
    public void AnsweredAsZeroOrOneOrTextIsReadAsTheFlag(string json, bool expected)
    {
        var row = Assert.Single(CallLogPageReader.Read(Page(Replace("x", "Answered", json))).Entries).Row!;
        Assert.Equal(expected, row.Answered);
    }

    [Fact]
    public void ANumberInATextFieldIsReadAsItsDigits()
    {
        var row = Assert.Single(CallLogPageReader.Read(Page(Replace("x", "SourceCallerId", "12395551234"))).Entries).Row!;
        Assert.Equal("12395551234", row.SourceCallerId);
    }

    [Fact]
    public void HalfAnEmojiBecomesTheReplacementCharacterAndAWholeOneAndAnEscapedBackslashStayAsTheyAre()
    {
        var json = Page(Replace("x", "SourceDisplayName", "\"Anna \\ud83d\"").Replace("\"Ended by caller\"", "\"\\ud83d\\ude00 \\\\ud83d \\udc00\"", StringComparison.Ordinal));
        var row = Assert.Single(CallLogPageReader.Read(json).Entries).Row!;
        Assert.Equal("Anna \uFFFD", row.SourceDisplayName);
        Assert.Equal("\U0001F600 \\ud83d \uFFFD", row.Reason);
    }

    [Fact]
    public void BytesThatAreNotUtf8BecomeTheReplacementCharacter()
    {
        var json = Page(Replace("x", "SourceDisplayName", "\"Anna XX\"")).ToList();
        var at = Encoding.UTF8.GetString([.. json]).IndexOf("XX", StringComparison.Ordinal);
        json[at] = 0xED;   // the start of a UTF-8-encoded surrogate, then a stray continuation byte
        json[at + 1] = 0xA0;
        var row = Assert.Single(CallLogPageReader.Read(json.ToArray()).Entries).Row!;
        Assert.StartsWith("Anna ", row.SourceDisplayName);
        Assert.Contains('\uFFFD', row.SourceDisplayName!);
    }

    [Fact]
    public void AByteOrderMarkBeforeThePageIsIgnored()
    {
        byte[] page = [0xEF, 0xBB, 0xBF, .. Page(Row("a"), Row("b"))];
        Assert.Equal([Clean("a"), Clean("b")], CallLogPageReader.Read(page).Entries.Select(e => e.Row));
    }

    [Fact]
    public void APageOfOnlyNullIsOneSkippedRowNotAFailure()
    {
        var entry = Assert.Single(CallLogPageReader.Read("""{"value":[null]}"""u8.ToArray()).Entries);
        Assert.NotNull(entry.Unreadable);
    }

    [Theory]
    [InlineData("cut short")]
    [InlineData("no value array")]
    [InlineData("value not an array")]
    [InlineData("not an object")]
    public void APageThatIsNotJsonOrHasNoValueArrayFailsAsAWholeWithAJsonException(string kind)
    {
        var body = kind switch
        {
            "cut short" => Page(Row("a"), Row("b"))[..300],
            "no value array" => """{"@odata.count":3}"""u8.ToArray(),
            "value not an array" => """{"value":{"CdrId":"a"}}"""u8.ToArray(),
            _ => "[1,2]"u8.ToArray(),
        };
        Assert.ThrowsAny<JsonException>(() => CallLogPageReader.Read(body));
    }

    [Fact]
    public void AValueIsOneStringWithinAPageAndEachPageReadsRightAfterOneThatFailedHalfway()
    {
        var first = CallLogPageReader.Read(Page(Row("a"), Row("b"))).Entries.Select(e => e.Row!).ToArray();
        Assert.ThrowsAny<JsonException>(() => CallLogPageReader.Read(Page(Row("c"), Row("d"))[..600]));   // fails with values kept
        var second = CallLogPageReader.Read(Page(Row("e"), Row("f"))).Entries.Select(e => e.Row!).ToArray();

        Assert.Same(first[0].DestinationDisplayName, first[1].DestinationDisplayName);   // shared within its page
        Assert.Same(second[0].DestinationDisplayName, second[1].DestinationDisplayName);
        Assert.Equal("Berg, Anna (9027)", second[0].DestinationDisplayName);
        Assert.NotSame(first[0].DestinationDisplayName, second[0].DestinationDisplayName);   // not carried from page to page
        Assert.Equal([Clean("e"), Clean("f")], second);
        Assert.Equal(["call-e", "call-f"], second.Select(r => r.MainCallHistoryId));
    }

    [Fact]
    public void TheReasonAndTheRawTextAreBoundedHoweverLongTheBadValue()
    {
        var huge = new string('9', 100_000);
        var skipped = Assert.Single(CallLogPageReader.Read(Page(Replace("x", "StartTime", $"\"{huge}\""))).Entries).Unreadable!;
        Assert.True(skipped.Reason.Length <= UnreadableRow.MaxReasonLength, skipped.Reason);
        Assert.True(skipped.RawText.Length <= UnreadableRow.MaxRawLength);
        Assert.Equal("x", skipped.CdrId);
    }

    [Fact]
    public void TwoIdenticalUnreadableRowsWithoutACdrIdShareOneKeyAndDifferentOnesDoNot()
    {
        var entries = CallLogPageReader.Read(Page("null", "null", "[1]")).Entries;
        Assert.Equal(entries[0].Unreadable!.Key, entries[1].Unreadable!.Key);
        Assert.NotEqual(entries[0].Unreadable!.Key, entries[2].Unreadable!.Key);
        Assert.StartsWith("raw:", entries[0].Unreadable!.Key);
    }
}
