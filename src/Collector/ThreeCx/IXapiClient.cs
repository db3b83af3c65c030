namespace Collector.ThreeCx;

/// <summary>The 3CX V20 Configuration API (XAPI) of one PBX. Every failure is an <see cref="XapiException"/>.</summary>
internal interface IXapiClient
{
    /// <summary>Fetches a new token now, even if a valid one is cached (for <c>collector check</c>).</summary>
    Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken);

    /// <summary>The PBX version: the <c>X-3CX-Version</c> header of <c>Defs</c>, else <c>SystemStatus.Version</c>.</summary>
    Task<string?> GetVersionAsync(CancellationToken cancellationToken);

    /// <summary>Call-log rows of the window, streamed page by page, each leg (CdrId) once.</summary>
    IAsyncEnumerable<CallLogRow> GetCallLogAsync(CallLogQuery query, CancellationToken cancellationToken);

    /// <summary><c>GET /xapi/v1/ActiveCalls</c>.</summary>
    Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /xapi/v1/ActiveCalls</c> with the answer's <c>Date</c> header (the PBX's clock); a client that cannot see headers gives none.</summary>
    async Task<ActiveCallsAnswer> GetActiveCallsAnswerAsync(CancellationToken cancellationToken) =>
        new(await GetActiveCallsAsync(cancellationToken), null);

    /// <summary><c>GET /xapi/v1/Queues?$expand=Agents</c>.</summary>
    Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /xapi/v1/Users</c> with <c>$select</c> of the live fields.</summary>
    Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken);

    /// <summary><c>GET /xapi/v1/SystemStatus</c>.</summary>
    Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken);

    /// <summary>
    /// 3CX's "Queue performance totals" report for [<paramref name="from"/>, <paramref name="to"/>] (both as 3CX reads them;
    /// <paramref name="queueDns"/> a queue number), with 3CX's <c>waitInterval</c> (zero = the admin UI's <c>'0:00:0'</c>).
    /// </summary>
    Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken);

    /// <summary>3CX's "Statistic SLA" report (<paramref name="queueDns"/> '' = all) with <c>waitInterval</c> = the SLA threshold.</summary>
    Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken);

    /// <summary>3CX's "Abandoned queue calls" report, every row (one per polled agent); <paramref name="queueDns"/> must name a queue.</summary>
    Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken);

    /// <summary>3CX's "Queue answered calls by wait time" report, every row (one per answered call).</summary>
    Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(
        DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken);
}

/// <summary>Creates (and keeps) one <see cref="IXapiClient"/> per PBX, with its own token and circuit breaker.</summary>
internal interface IXapiClientFactory
{
    /// <summary>The client for <paramref name="pbx"/>; the same instance for an equal connection.</summary>
    IXapiClient Create(PbxConnection pbx);
}
