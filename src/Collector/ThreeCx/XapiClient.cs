using Collector.ThreeCx.Auth;
using Collector.ThreeCx.Http;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.OData;
using Collector.ThreeCx.Paging;
using Microsoft.Extensions.Logging;

namespace Collector.ThreeCx;

/// <summary>The XAPI of one PBX; built and kept by <see cref="XapiClientFactory"/>.</summary>
internal sealed partial class XapiClient(XapiApi api, TokenProvider tokens, CallLogPager pager, ReportPager reports, ILogger logger, string pbx) : IXapiClient
{
    const string VersionHeader = "X-3CX-Version";

    public async Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken) => (await tokens.ForceRefreshAsync(cancellationToken)).ToInfo();

    public async Task<string?> GetVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await api.GetAsync(XapiRoutes.Defs,
                (response, _) => response.Headers.TryGetValues(VersionHeader, out var values) ? values.FirstOrDefault() : null, cancellationToken);
            if (!string.IsNullOrWhiteSpace(version)) return version.Trim();
        }
        catch (XapiException ex) when (ex.Kind is XapiFailureKind.EndpointNotFound or XapiFailureKind.Forbidden or XapiFailureKind.BadRequest)
        {
            LogDefsFailed(logger, pbx, ex.Kind);
        }

        return (await GetSystemStatusAsync(cancellationToken)).Version;
    }

    public IAsyncEnumerable<CallLogEntry> GetCallLogAsync(CallLogQuery query, CancellationToken cancellationToken) => pager.ReadAsync(query, cancellationToken);

    public Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken) =>
        api.GetListAsync(XapiRoutes.ActiveCalls, XapiJsonContext.Default.ODataCollectionActiveCall, cancellationToken);

    public Task<ActiveCallsAnswer> GetActiveCallsAnswerAsync(CancellationToken cancellationToken) =>
        api.GetAsync(XapiRoutes.ActiveCalls, (response, body) => new ActiveCallsAnswer(
            XapiApi.DeserializeCollection(body, XapiJsonContext.Default.ODataCollectionActiveCall).Value!, response.Headers.Date), cancellationToken);

    public Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken) =>
        api.GetListAsync(XapiRoutes.Queues, XapiJsonContext.Default.ODataCollectionXapiQueue, cancellationToken);

    public Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken) =>
        api.GetListAsync(XapiRoutes.Users, XapiJsonContext.Default.ODataCollectionXapiUser, cancellationToken);

    public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) =>
        api.GetJsonAsync(XapiRoutes.SystemStatus, XapiJsonContext.Default.SystemStatus, cancellationToken);

    public Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
        reports.ReadAllAsync(page => XapiRoutes.QueuePerformanceTotals(from, to, queueDns, waitInterval, page),
            XapiJsonContext.Default.ODataCollectionQueuePerformanceTotals, cancellationToken);

    public Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
        reports.ReadAllAsync(page => XapiRoutes.StatisticSla(from, to, queueDns, waitInterval, page),
            XapiJsonContext.Default.ODataCollectionStatisticSla, cancellationToken);

    public Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
        reports.ReadAllAsync(page => XapiRoutes.AbandonedQueueCalls(from, to, queueDns, waitInterval, page),
            XapiJsonContext.Default.ODataCollectionAbandonedQueueCall, cancellationToken);

    public Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken) =>
        reports.ReadAllAsync(page => XapiRoutes.QueueAnsweredCallsByWaitTime(from, to, queueDns, answerInterval, page),
            XapiJsonContext.Default.ODataCollectionQueueAnsweredCallByWaitTime, cancellationToken);

    /// <summary>GETs any path under the PBX (relative, e.g. <c>xapi/v1/ActiveConnections</c>) and returns the raw body.</summary>
    internal Task<byte[]> GetRawAsync(string relativeUrl, CancellationToken cancellationToken) => api.GetAsync(relativeUrl, (_, body) => body.ToArray(), cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PBX {Pbx}: Defs gave no version ({Kind}); asking SystemStatus.")]
    static partial void LogDefsFailed(ILogger logger, string pbx, XapiFailureKind kind);
}
