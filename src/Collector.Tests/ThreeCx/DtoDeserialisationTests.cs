using System.Text.Json;
using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;

namespace Collector.Tests.ThreeCx;

public class DtoDeserialisationTests
{
    static List<T> Rows<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<ODataCollection<T>> type) =>
        JsonSerializer.Deserialize(XapiTestData.Bytes(file), type)!.Value!;

    static List<CallLogRow> CallLogRows(string file) =>
        CallLogPageReader.Read(XapiTestData.Bytes(file)).Entries.Select(e => e.Row ?? throw new InvalidDataException(e.Unreadable!.Reason)).ToList();

    [Fact]
    public void ReadsTheLiveCallLogCaptureFieldByField()
    {
        var rows = CallLogRows("calllog-live.json");

        Assert.Equal(2, rows.Count);
        var leg = rows[0];
        Assert.Equal("00000000-01dd-43ab-25e4-c24300000ic5", leg.MainCallHistoryId);
        Assert.Equal(leg.MainCallHistoryId, leg.CallHistoryId);
        Assert.Equal("00000000-01dd-43ab-4b50-9fb600000b4e", leg.CdrId);
        Assert.Equal(1, leg.CallId);
        Assert.Equal(new DateTimeOffset(2026, 9, 13, 18, 11, 27, TimeSpan.Zero).AddTicks(3_026_580), leg.StartTime);
        Assert.Equal("10000", leg.SourceDn);
        Assert.Equal("+12395551234", leg.SourceCallerId);
        Assert.Equal("9027", leg.DestinationDn);
        Assert.Equal("", leg.DestinationCallerId);
        Assert.Equal("Tajkowski, Stephanie (9027)", leg.DestinationDisplayName);
        Assert.Equal(TimeSpan.Zero, leg.RingingDuration);
        Assert.Equal(TimeSpan.FromTicks(725_770_270), leg.TalkingDuration);
        Assert.True(leg.Answered);
        Assert.Equal("Inbound", leg.Direction);
        Assert.Equal("Extension", leg.CallType);
        Assert.Equal("Answered", leg.Status);
        Assert.Equal(632932, leg.SrcRecId);
        Assert.Null(leg.ActionDnDn);

        var queueLeg = rows[1];
        Assert.Equal("Inbound Queue", queueLeg.Direction);
        Assert.Equal("Queue", queueLeg.CallType);
        Assert.Equal("Waiting", queueLeg.Status);
        Assert.Equal(TimeSpan.FromTicks(449_120), queueLeg.RingingDuration);
        Assert.Null(queueLeg.RecordingUrl);
        Assert.Null(queueLeg.SrcRecId);
        Assert.Null(queueLeg.DstRecId);
    }

    [Fact]
    public void ReadsRowsFromBuildsBefore2006WithoutTheirMissingFields()
    {
        var rows = CallLogRows("calllog-legacy.json");

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Null(r.MainCallHistoryId);
            Assert.Null(r.CallHistoryId);
            Assert.Null(r.CdrId);
            Assert.Null(r.CallType);
            Assert.Null(r.Direction);
            Assert.Null(r.Status);
            Assert.NotNull(r.StartTime);
        });
        Assert.Equal(TimeSpan.FromTicks(177_547_450), rows[1].TalkingDuration);
    }

    [Fact]
    public void ReadsLowerCaseActionDnDnNumbersAsStringsAndIgnoresUnknownFields()
    {
        var page = CallLogPageReader.Read(XapiTestData.Bytes("calllog-shapes.json"));
        var rows = page.Entries.Select(e => e.Row!).ToList();

        Assert.Equal(3, page.Count);
        Assert.Equal("8000", rows[0].ActionDnDn);
        Assert.Equal("IVR (8000)", rows[0].ActionDnDisplayName);
        Assert.Equal(7, rows[0].CallId);
        Assert.Equal(new TimeSpan(1, 2, 0, 0), rows[0].RingingDuration);
        Assert.Equal(TimeSpan.FromSeconds(-5), rows[0].TalkingDuration);
        Assert.Equal(TimeSpan.FromHours(2), rows[1].StartTime!.Value.Offset);
        Assert.Equal(TimeSpan.FromTicks(37_234_000_000), rows[1].RingingDuration);
        Assert.Equal(TimeSpan.FromTicks(10), rows[1].TalkingDuration);
        Assert.Equal(new DateTimeOffset(2026, 9, 13, 18, 11, 27, TimeSpan.FromMinutes(-330)).AddTicks(1_234_567), rows[2].StartTime);
    }

    [Fact]
    public void AnUnreadableDurationMakesItsRowUnreadableNotAWrongValue()
    {
        var json = """{"value":[{"CdrId":"x","TalkingDuration":"1 minute"}]}"""u8.ToArray();
        var unreadable = Assert.Single(CallLogPageReader.Read(json).Entries).Unreadable;
        Assert.NotNull(unreadable);
        Assert.Equal("x", unreadable.CdrId);
        Assert.Contains("1 minute", unreadable.Reason);
    }

    [Fact]
    public void ReadsUsersAsServedWithAndWithoutTheLiveFields()
    {
        var live = Rows("users-live.json", XapiJsonContext.Default.ODataCollectionXapiUser);
        Assert.Equal(957, live[0].Id);
        Assert.Equal("9025", live[0].Number);
        Assert.Equal("Kelsea", live[0].FirstName);
        Assert.Equal("", live[1].LastName);
        Assert.Null(live[0].QueueStatus);

        var status = Rows("users-status.json", XapiJsonContext.Default.ODataCollectionXapiUser);
        Assert.Equal(("Anna Berg", true, "Available", "LoggedIn", true),
            (status[0].DisplayName, status[0].IsRegistered, status[0].CurrentProfileName, status[0].QueueStatus, status[0].Enabled));
        Assert.Equal(("LoggedOut", false, (string?)null), (status[1].QueueStatus, status[1].Enabled, status[1].EmailAddress));
    }

    [Fact]
    public void ReadsSystemStatusWithLocalOffsetsAndLargeNumbersAsStrings()
    {
        var status = JsonSerializer.Deserialize(XapiTestData.Bytes("systemstatus-live.json"), XapiJsonContext.Default.SystemStatus)!;

        Assert.Equal("XXXXXXX.my3cx.fr", status.Fqdn);
        Assert.Equal("20.0.7.1080", status.Version);
        Assert.Equal((31, 45, 5, 7, 0, 85), (status.ExtensionsRegistered, status.ExtensionsTotal, status.TrunksRegistered,
            status.TrunksTotal, status.CallsActive, status.DiskUsage));
        Assert.Equal(TimeSpan.FromHours(1), status.LastBackupDateTime!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, status.MaintenanceExpiresAt!.Value.Offset);
        Assert.Equal("Linux", status.Os);
        Assert.Equal(21_474_836_480L, status.FreeDiskSpace);
    }

    [Fact]
    public void ReadsActiveCallsInTheSpecsExampleShape()
    {
        var calls = Rows("activecalls-spec.json", XapiJsonContext.Default.ODataCollectionActiveCall);

        Assert.Equal(DateTimeOffset.MinValue, calls[0].LastChangeStatus);
        Assert.Equal("800 Sales", calls[1].Callee);
        Assert.Equal("Ringing", calls[1].Status);
        Assert.Null(calls[1].EstablishedAt);
        Assert.Equal(TimeSpan.FromSeconds(34.18), calls[1].ServerNow - calls[1].LastChangeStatus);
    }

    [Fact]
    public void ReadsQueuesWithTheirAgents()
    {
        var queue = Assert.Single(Rows("queues-expanded.json", XapiJsonContext.Default.ODataCollectionXapiQueue));

        Assert.Equal(("800", "Sales", 20, "LongestWaiting"), (queue.Number, queue.Name, queue.SlaTime, queue.PollingStrategy));
        Assert.Equal(2, queue.Agents.Count);
        Assert.Equal(["MS"], queue.Agents[0].Tags);
        Assert.Equal(("101", "Anna Berg", 12), (queue.Agents[1].Number, queue.Agents[1].Name, queue.Agents[1].Id));
    }

    [Fact]
    public void ReadsReportRowsWhoseZeroCountsAreOmitted()
    {
        var rows = Rows("reports.json", XapiJsonContext.Default.ODataCollectionQueuePerformanceTotals);

        Assert.Equal((42L, 40L, 2L), (rows[0].QueueReceivedCount, rows[0].ExtensionAnsweredCount, rows[0].ExtensionDroppedCount));
        Assert.Null(rows[1].QueueReceivedCount);
    }

    [Fact]
    public void ReadsTheTokenAnswer()
    {
        var token = JsonSerializer.Deserialize(XapiTestData.Bytes("token.json"), XapiJsonContext.Default.TokenResponse)!;
        Assert.Equal(("Bearer", 60d, "ACCESS_TOKEN"), (token.TokenType, token.ExpiresIn, token.AccessToken));
    }

    [Theory]
    [InlineData("token-error.json", "The request requires valid user authentication.")]
    public void ReadsTheMessageOfAnOAuthError(string file, string message) =>
        Assert.Equal(message, ErrorBodyReader.TryReadMessage(XapiTestData.Bytes(file)));

    [Theory]
    [InlineData("""{"error":{"code":"","message":"The query specified in the URI is not valid. The limit of '100' for Top query has been exceeded."}}""", "The query specified in the URI is not valid. The limit of '100' for Top query has been exceeded.")]
    [InlineData("""{"error":{"code":"404","message":"","details":[]}}""", "404")]
    [InlineData("", null)]
    [InlineData("<html>Bad gateway</html>", null)]
    [InlineData("""{"error":{"code":"x","message":""", null)]
    [InlineData("[1,2]", null)]
    public void ReadsTheMessageOfAnODataErrorAndNeverThrows(string body, string? message) =>
        Assert.Equal(message, ErrorBodyReader.TryReadMessage(System.Text.Encoding.UTF8.GetBytes(body)));
}
