using Collector.Tests.ThreeCx.Support;
using Collector.ThreeCx;
using Collector.ThreeCx.OData;

namespace Collector.Tests.ThreeCx;

public class ODataUrlTests
{
    static readonly Uri Pbx = new("https://pbx.example.com:5001/");

    public static TheoryData<string> HostileStrings() =>
    [
        "", "'", "''", "O'Brien", "'); DROP TABLE calls; --", "a,b", "a=b", "(", ")", "a)/b(", "x/y", "../../connect/token",
        "?$top=1", "#frag", "%", "%27", "%2F", "100%", "a b", "a+b", "a&b", "a;b", "\\", "\"", "<script>", "\t\r\n",
        "Zoë Müller", "東京", "emoji 📞", "\u0000", "\uFEFF", "a:b", "http://evil.example/x?y#z", "//evil", "@host", "hidePcalls=false)", "',hidePcalls=false,x='",
    ];

    [Theory]
    [MemberData(nameof(HostileStrings))]
    public void NoStringCanBreakOutOfItsLiteral(string hostile)
    {
        var query = new CallLogQuery(Instant(0), Instant(1)) { SourceFilter = hostile, DestinationFilter = hostile + "'" };
        var uri = new Uri(Pbx, XapiRoutes.CallLogPage(query, 500, 1000));

        // The URL keeps its structure: one path, the same segments, only our query options, no fragment.
        Assert.Equal("", uri.Fragment);
        Assert.Equal("?$top=500&$skip=1000", uri.Query);
        var segments = uri.AbsolutePath.Split('/');
        Assert.Equal(["", "xapi", "v1", "ReportCallLogData"], segments[..4]);
        Assert.Equal(5, segments.Length);
        Assert.DoesNotContain(uri.AbsoluteUri, c => c > 127 || char.IsControl(c) || c is ' ' or '"' or '<' or '>' or '\\');

        // ... and an OData server reads the very same values back.
        var (function, parameters) = ODataFunctionParser.Parse(segments[4]);
        Assert.Equal("Pbx.GetCallLogData", function);
        Assert.Equal(("sourceFilter", hostile, true), parameters[3]);
        Assert.Equal(("destinationFilter", hostile + "'", true), parameters[5]);
    }

    [Fact]
    public void RendersTheElevenParametersInMetadataOrderAsTheAdminUiDoes()
    {
        var query = new CallLogQuery(new DateTimeOffset(2026, 9, 12, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 9, 13, 23, 59, 59, TimeSpan.Zero));

        Assert.Equal(
            "xapi/v1/ReportCallLogData/Pbx.GetCallLogData(periodFrom=2026-09-12T00:00:00Z,periodTo=2026-09-13T23:59:59Z,sourceType=0,sourceFilter='',destinationType=0,destinationFilter='',callsType=0,callTimeFilterType=0,callTimeFilterFrom='0:00:0',callTimeFilterTo='0:00:0',hidePcalls=true)?$top=100&$skip=0",
            XapiRoutes.CallLogPage(query, 100, 0));
    }

    [Fact]
    public void RendersEveryTypedParameter()
    {
        var query = new CallLogQuery
        {
            PeriodFrom = new DateTimeOffset(2026, 9, 12, 2, 0, 0, TimeSpan.FromHours(2)).AddTicks(1),
            PeriodTo = new DateTimeOffset(2026, 9, 13, 0, 0, 0, 500, TimeSpan.FromHours(-5)),
            SourceType = 1, SourceFilter = "10000", DestinationType = -2, DestinationFilter = "800",
            CallsType = 2, CallTimeFilterType = 3, CallTimeFilterFrom = new TimeSpan(8, 30, 0), CallTimeFilterTo = new TimeSpan(1, 17, 5, 9),
            HidePcalls = false,
        };

        var (_, parameters) = ODataFunctionParser.Parse(new Uri(Pbx, XapiRoutes.CallLogPage(query, 1, 2)).AbsolutePath.Split('/')[4]);

        Assert.Equal(
        [
            ("periodFrom", "2026-09-12T00:00:00.0000001Z", false), ("periodTo", "2026-09-13T05:00:00.5Z", false),
            ("sourceType", "1", false), ("sourceFilter", "10000", true), ("destinationType", "-2", false),
            ("destinationFilter", "800", true), ("callsType", "2", false), ("callTimeFilterType", "3", false),
            ("callTimeFilterFrom", "8:30:00", true), ("callTimeFilterTo", "41:05:09", true), ("hidePcalls", "false", false),
        ], parameters);
    }

    [Theory]
    [InlineData(0L, "2026-09-12T00:00:00Z")]
    [InlineData(10_000L, "2026-09-12T00:00:00.001Z")]
    [InlineData(1_234_567L, "2026-09-12T00:00:00.1234567Z")]
    public void DatesAreUnquotedUtcThatTheSwaggerPatternAccepts(long ticks, string expected)
    {
        var literal = ODataLiteral.Of(new DateTimeOffset(2026, 9, 12, 1, 0, 0, TimeSpan.FromHours(1)).AddTicks(ticks)).Text;

        Assert.Equal(expected, literal);
        Assert.Matches(@"^[0-9]{4,}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]([.][0-9]{1,12})?(Z|[+-][0-9][0-9]:[0-9][0-9])$", literal);
    }

    [Fact]
    public void ReportFunctionsTakeTheirParametersInMetadataOrder()
    {
        var from = new DateTimeOffset(2026, 9, 12, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddDays(1);

        Assert.Equal(
            "xapi/v1/ReportQueuePerformanceTotals/Pbx.GetQueuePerformanceTotalsData(periodFrom=2026-09-12T00:00:00Z,periodTo=2026-09-13T00:00:00Z,queueDns='800',waitInterval='0:00:0')",
            XapiRoutes.QueuePerformanceTotals(from, to, "800", TimeSpan.Zero));
        Assert.Equal(
            "xapi/v1/ReportStatisticSla/Pbx.GetStatisticSlaData(queueDnStr='',startDt=2026-09-12T00:00:00Z,endDt=2026-09-13T00:00:00Z,waitInterval='0:00:20')",
            XapiRoutes.StatisticSla(from, to, "", TimeSpan.FromSeconds(20)));
        Assert.Equal(
            "xapi/v1/ReportAbandonedQueueCalls/Pbx.GetAbandonedQueueCallsData(periodFrom=2026-09-12T00:00:00Z,periodTo=2026-09-12T23:59:59.999999Z,queueDns='801',waitInterval='0:00:05')?$top=500&$skip=1000",
            XapiRoutes.AbandonedQueueCalls(from, to.AddTicks(-10), "801", TimeSpan.FromSeconds(5), new ReportPage(500, 1000)));
        Assert.Equal(
            "xapi/v1/ReportQueueAnsweredCallsByWaitTime/Pbx.GetQueueAnsweredCallsByWaitTimeData(queueDnStr='801',startDt=2026-09-12T00:00:00Z,endDt=2026-09-13T00:00:00Z,answerInterval='0:00:0')",
            XapiRoutes.QueueAnsweredCallsByWaitTime(from, to, "801", TimeSpan.Zero));
    }

    [Fact]
    public void EntityRoutesUseTheV20NamesAndOptions()
    {
        Assert.Equal("xapi/v1/Queues?$expand=Agents", XapiRoutes.Queues);
        Assert.Equal("xapi/v1/Users?$select=Id,Number,FirstName,LastName,DisplayName,EmailAddress,IsRegistered,CurrentProfileName,QueueStatus,Enabled", XapiRoutes.Users);
        Assert.Equal("xapi/v1/Defs?$select=Id", XapiRoutes.Defs);
        Assert.Equal("/base/xapi/v1/ActiveCalls", new Uri(new Uri("https://pbx.example.com/base/"), XapiRoutes.ActiveCalls).AbsolutePath);
    }

    [Fact]
    public void ANegativeTimeOfDayIsRefusedRatherThanSent() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ODataLiteral.OfTimeSpan(TimeSpan.FromSeconds(-1)));

    static DateTimeOffset Instant(int day) => new(2026, 9, 12 + day, 0, 0, 0, TimeSpan.Zero);
}
