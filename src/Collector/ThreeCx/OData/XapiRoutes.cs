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

    /// <summary>
    /// One page of <c>Pbx.GetQueuePerformanceTotalsData</c> (<paramref name="queueDns"/> a queue number; <c>''</c> is "all"
    /// on the builds seen, but that is not confirmed for this function).
    /// </summary>
    public static string QueuePerformanceTotals(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, ReportPage? page = null) =>
        ApiRoot + new ODataFunctionCall("ReportQueuePerformanceTotals", "Pbx.GetQueuePerformanceTotalsData")
            .With("periodFrom", ODataLiteral.Of(from))
            .With("periodTo", ODataLiteral.Of(to))
            .With("queueDns", ODataLiteral.Of(queueDns))
            .With("waitInterval", ODataLiteral.OfTimeSpan(waitInterval)) + page;

    /// <summary>One page of <c>Pbx.GetStatisticSlaData</c> (<paramref name="queueDns"/> <c>''</c> = all).</summary>
    public static string StatisticSla(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, ReportPage? page = null) =>
        ApiRoot + new ODataFunctionCall("ReportStatisticSla", "Pbx.GetStatisticSlaData")
            .With("queueDnStr", ODataLiteral.Of(queueDns))
            .With("startDt", ODataLiteral.Of(from))
            .With("endDt", ODataLiteral.Of(to))
            .With("waitInterval", ODataLiteral.OfTimeSpan(waitInterval)) + page;

    /// <summary>One page of <c>Pbx.GetAbandonedQueueCallsData</c>; <paramref name="queueDns"/> must name a queue (3CX answers 404 to <c>''</c>).</summary>
    public static string AbandonedQueueCalls(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, ReportPage? page = null) =>
        ApiRoot + new ODataFunctionCall("ReportAbandonedQueueCalls", "Pbx.GetAbandonedQueueCallsData")
            .With("periodFrom", ODataLiteral.Of(from))
            .With("periodTo", ODataLiteral.Of(to))
            .With("queueDns", ODataLiteral.Of(queueDns))
            .With("waitInterval", ODataLiteral.OfTimeSpan(waitInterval)) + page;

    /// <summary>One page of <c>Pbx.GetQueueAnsweredCallsByWaitTimeData</c> (<paramref name="queueDns"/> <c>''</c> = all).</summary>
    public static string QueueAnsweredCallsByWaitTime(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, ReportPage? page = null) =>
        ApiRoot + new ODataFunctionCall("ReportQueueAnsweredCallsByWaitTime", "Pbx.GetQueueAnsweredCallsByWaitTimeData")
            .With("queueDnStr", ODataLiteral.Of(queueDns))
            .With("startDt", ODataLiteral.Of(from))
            .With("endDt", ODataLiteral.Of(to))
            .With("answerInterval", ODataLiteral.OfTimeSpan(answerInterval)) + page;
}

/// <summary>A page of a report function: <c>?$top=…&amp;$skip=…</c>.</summary>
internal readonly record struct ReportPage(int Top, int Skip)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"?$top={Top}&$skip={Skip}");
}
