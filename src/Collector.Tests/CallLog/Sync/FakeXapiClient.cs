using System.Runtime.CompilerServices;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// A PBX in memory for the window and watermark unit tests: call-log rows (returned as 3CX does, those whose StartTime
/// is in the inclusive period, newest first), the calls in progress, and the reads it was asked for.
/// </summary>
sealed class FakeXapiClient : IXapiClient
{
    public List<CallLogRow> Rows { get; } = [];

    public List<ActiveCall> Active { get; } = [];

    /// <summary>Rows listed in every read whatever their StartTime (as a PBX that selects rows by their call's time).</summary>
    public HashSet<CallLogRow> ListedWithCall { get; } = [];

    /// <summary>When set, ActiveCalls fails with this.</summary>
    public XapiException? ActiveCallsFailure { get; set; }

    /// <summary>When set, every call-log read fails with this.</summary>
    public XapiException? CallLogFailure { get; set; }

    /// <summary>Runs before each call-log read yields its first row (tests cancel from here).</summary>
    public Action<CallLogQuery>? OnRead { get; set; }

    public List<CallLogQuery> Reads { get; } = [];

    public async IAsyncEnumerable<CallLogRow> GetCallLogAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Reads.Add(query);
        OnRead?.Invoke(query);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (CallLogFailure is not null) throw CallLogFailure;
        foreach (var row in Rows.Where(r => ListedWithCall.Contains(r) || r.StartTime >= query.PeriodFrom && r.StartTime <= query.PeriodTo).OrderByDescending(r => r.StartTime).ToList())
            yield return row;
    }

    public Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken) =>
        ActiveCallsFailure is not null ? Task.FromException<IReadOnlyList<ActiveCall>>(ActiveCallsFailure) : Task.FromResult<IReadOnlyList<ActiveCall>>([.. Active]);

    /// <summary>The <c>Date</c> header of the ActiveCalls answer (the PBX's clock); none when null.</summary>
    public Func<DateTimeOffset?>? ServerDate { get; set; }

    public async Task<ActiveCallsAnswer> GetActiveCallsAnswerAsync(CancellationToken cancellationToken) =>
        new(await GetActiveCallsAsync(cancellationToken), ServerDate?.Invoke());

    public Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<string?> GetVersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    /// <summary>What <c>Queues</c> answers (none by default).</summary>
    public List<XapiQueue> Queues { get; } = [];

    /// <summary>When set, <c>Queues</c> fails with this.</summary>
    public XapiException? QueuesFailure { get; set; }

    /// <summary>How many times <c>Queues</c> was read.</summary>
    public int QueueReads { get; private set; }

    public Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken)
    {
        QueueReads++;
        return QueuesFailure is not null ? Task.FromException<IReadOnlyList<XapiQueue>>(QueuesFailure) : Task.FromResult<IReadOnlyList<XapiQueue>>([.. Queues]);
    }

    public Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>Adds a finished internal call: one answered leg per start offset (offsets after the first are later legs).</summary>
    public FakeXapiClient Call(string id, DateTimeOffset start, params TimeSpan[] laterLegs)
    {
        Rows.Add(Leg(id, start, 0));
        for (var i = 0; i < laterLegs.Length; i++)
            Rows.Add(Leg(id, start + laterLegs[i], i + 1));
        return this;
    }

    public FakeXapiClient InProgress(DateTimeOffset establishedAt, DateTimeOffset serverNow)
    {
        Active.Add(new ActiveCall { Id = Active.Count + 1, Caller = "101 Anna", Callee = "102 Ben", Status = "Talking", EstablishedAt = establishedAt, LastChangeStatus = establishedAt, ServerNow = serverNow });
        return this;
    }

    static CallLogRow Leg(string id, DateTimeOffset start, int leg) => new()
    {
        MainCallHistoryId = id,
        CallHistoryId = id,
        CdrId = $"{id}-leg{leg}",
        StartTime = start,
        Direction = "Internal",
        CallType = "Extension",
        Status = "Answered",
        Answered = true,
        SourceDn = "101",
        SourceDisplayName = "Berg, Anna",
        DestinationDn = leg % 2 == 0 ? "102" : "103",
        DestinationDisplayName = leg % 2 == 0 ? "Lind, Ben (102)" : "Moe, Cleo (103)",
        RingingDuration = TimeSpan.FromSeconds(3),
        TalkingDuration = TimeSpan.FromSeconds(40),
        Recordings = [],
    };
}

sealed class FakeXapiClientFactory(IXapiClient client) : IXapiClientFactory
{
    public IXapiClient Create(PbxConnection pbx) => client;
}
