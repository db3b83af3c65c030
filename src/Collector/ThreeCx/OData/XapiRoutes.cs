using System.Globalization;

namespace Collector.ThreeCx.OData;

/// <summary>The URL forms of every XAPI route the collector uses, relative to the PBX's base URL.</summary>
internal static class XapiRoutes
{
    public const string ApiRoot = "xapi/v1/";
    public const string Token = "connect/token";
    public const string Defs = ApiRoot + "Defs?$select=Id";
    public const string ActiveCalls = ApiRoot + "ActiveCalls";
    public const string Queues = ApiRoot + "Queues?$expand=Agents";
    public const string Users = ApiRoot + "Users?$select=" + XapiUser.SelectList;
    public const string SystemStatus = ApiRoot + "SystemStatus";

    /// <summary>One page of <c>GetCallLogData</c>; the 11 parameters in <c>$metadata</c> order.</summary>
    public static string CallLogPage(CallLogQuery q, int top, int skip)
    {
        var function = new ODataFunctionCall("ReportCallLogData", "Pbx.GetCallLogData")
            .With("periodFrom", ODataLiteral.Of(q.PeriodFrom))
            .With("periodTo", ODataLiteral.Of(q.PeriodTo))
            .With("sourceType", ODataLiteral.Of(q.SourceType))
            .With("sourceFilter", ODataLiteral.Of(q.SourceFilter))
            .With("destinationType", ODataLiteral.Of(q.DestinationType))
            .With("destinationFilter", ODataLiteral.Of(q.DestinationFilter))
            .With("callsType", ODataLiteral.Of(q.CallsType))
            .With("callTimeFilterType", ODataLiteral.Of(q.CallTimeFilterType))
            .With("callTimeFilterFrom", ODataLiteral.OfTimeSpan(q.CallTimeFilterFrom))
            .With("callTimeFilterTo", ODataLiteral.OfTimeSpan(q.CallTimeFilterTo))
            .With("hidePcalls", ODataLiteral.Of(q.HidePcalls));
        return string.Create(CultureInfo.InvariantCulture, $"{ApiRoot}{function}?$top={top}&$skip={skip}");
    }

    public static string QueuePerformanceTotals(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval) =>
        ApiRoot + new ODataFunctionCall("ReportQueuePerformanceTotals", "Pbx.GetQueuePerformanceTotalsData")
            .With("periodFrom", ODataLiteral.Of(from))
            .With("periodTo", ODataLiteral.Of(to))
            .With("queueDns", ODataLiteral.Of(queueDns))
            .With("waitInterval", ODataLiteral.OfTimeSpan(waitInterval));

    public static string StatisticSla(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval) =>
        ApiRoot + new ODataFunctionCall("ReportStatisticSla", "Pbx.GetStatisticSlaData")
            .With("queueDnStr", ODataLiteral.Of(queueDns))
            .With("startDt", ODataLiteral.Of(from))
            .With("endDt", ODataLiteral.Of(to))
            .With("waitInterval", ODataLiteral.OfTimeSpan(waitInterval));
}
