using System.Globalization;
using System.Runtime.CompilerServices;
using Collector.Tests.EndToEnd;
using Collector.Tests.Support;
using Collector.Testing.Faults;
using Collector.Testing.Truth;
using Collector.ThreeCx;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// A run reads <c>ActiveCalls</c> first ("now" and the calls in progress), then the call log. On a live PBX time passes in
/// between, so the log can already list a call that <c>ActiveCalls</c> showed in progress: it ended meanwhile, and the
/// read holds only some of its legs (those up to "now", or those after where an incremental run starts). Written, such a
/// partial call has another outcome, start or passages than the whole one; the next run writes the whole call beside it,
/// and when no later window reads its span again (another node's run, a watermark that moved past it, the last run before
/// a stop) the partial one stays: one call counted twice (issue 13, "pbx01: 1 doubled" in the cluster failover test).
/// Here the simulator's clock is frozen and moved 90 s forward between each run's two reads, so calls end "during" every
/// run, deterministically.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class CallEndingDuringARunTests(InfluxFixture influx)
{
    static readonly TimeSpan Gap = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ACallThatEndsBetweenTheActiveCallsReadAndTheCallLogReadIsNeverWrittenInPartAndLandsWholeOnce()
    {
        await using var sim = await SimulatorHost.StartAsync(SyncRuns.BusyMorning);
        var t0 = await sim.NowAsync();
        var gap = new GapBeforeCallLog(sim, Gap);
        await using var kit = new PipelineKit(sim, influx.Server, $"gap_{Guid.NewGuid():N}", SyncRuns.Settings(), gap.Wrap);

        var partial = new List<string>();
        var endedInAGap = 0;
        for (var run = 0; run < 16; run++)
        {
            var result = await kit.SyncAsync(sim);
            Assert.True(result.Ok, result.Error?.ToString());
            var now = await sim.NowAsync();
            var truth = (await SimulatorTruth.CallsAsync(sim, t0 - SyncRuns.Lookback - TimeSpan.FromHours(1), now)).ToDictionary(c => c.CallId, StringComparer.Ordinal);
            endedInAGap += truth.Values.Count(c => c.End is { } end && end > now - Gap && end <= now);
            // After every run, every call in InfluxDB is the whole call: one point, its start, outcome and passages as the truth's.
            foreach (var point in await CallPointsAsync(kit.Database))
            {
                var whole = truth.GetValueOrDefault(point.CallId);
                if (whole is null || whole.End is null || point.Count != 1 || point.Outcome != whole.Outcome || point.QueuePasses != whole.Passages.Count
                    || point.Time.ToUnixTimeMilliseconds() != whole.Start.ToUnixTimeMilliseconds())
                    partial.Add($"after run {run}: {point} (truth: {(whole is null ? "none" : $"{whole.Start:O} {whole.Outcome} {whole.Passages.Count} passages, ended {whole.End:O}")})");
            }
            await sim.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        }

        Assert.True(endedInAGap >= 10, $"only {endedInAGap} calls ended while a run was between its two reads");
        Assert.True(partial.Count == 0, $"{partial.Count} partial or doubled call points:\n{string.Join('\n', partial.Take(20))}");

        // One more run with no gap: every finished call since the first run's reach is there exactly once.
        gap.Enabled = false;
        Assert.True((await kit.SyncAsync(sim)).Ok);
        var from = t0 - SyncRuns.Lookback;
        var finished = await SimulatorTruth.FinishedCallsAsync(sim, from, await sim.NowAsync());
        var ledger = await CallLedger.CompareAsync(influx.Server, kit.Database, finished);
        Assert.True(ledger.Lost.Count == 0 && ledger.Doubled.Count == 0,
            $"{ledger.Truth} true calls: lost {string.Join(", ", ledger.Lost.Take(5))}; doubled {string.Join(", ", ledger.Doubled.Take(5))}");
    }

    /// <summary>Every <c>call</c> point: its call id, time, outcome tag, passages, and how many points that call id has.</summary>
    async Task<List<CallPoint>> CallPointsAsync(string database)
    {
        var answer = await influx.Server.QueryAsync(database, "SELECT call_id, queue_passes, outcome FROM \"call\"");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return [];
        var rows = series[0].GetProperty("values").EnumerateArray()
            .Select(row => (Time: DateTimeOffset.UnixEpoch.AddTicks(row[0].GetInt64() / 100), CallId: row[1].GetString()!, Passes: row[2].GetInt32(), Outcome: row[3].GetString()!))
            .ToList();
        var counts = rows.GroupBy(r => r.CallId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. rows.Select(r => new CallPoint(r.CallId, r.Time, r.Outcome, r.Passes, counts[r.CallId]))];
    }

    sealed record CallPoint(string CallId, DateTimeOffset Time, string Outcome, int QueuePasses, int Count)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CallId} at {Time:O} {Outcome} {QueuePasses} passages ({Count} points)");
    }

    /// <summary>Moves the simulator's clock <paramref name="gap"/> forward between a run's <c>ActiveCalls</c> read and its first call-log request.</summary>
    sealed class GapBeforeCallLog(SimulatorHost sim, TimeSpan gap)
    {
        bool _armed;

        public bool Enabled { get; set; } = true;

        public IXapiClient Wrap(IXapiClient inner) => new Client(inner, this);

        sealed class Client(IXapiClient inner, GapBeforeCallLog gap) : IXapiClient
        {
            public async Task<ActiveCallsAnswer> GetActiveCallsAnswerAsync(CancellationToken cancellationToken)
            {
                var answer = await inner.GetActiveCallsAnswerAsync(cancellationToken);
                gap._armed = gap.Enabled;
                return answer;
            }

            public async IAsyncEnumerable<CallLogEntry> GetCallLogAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                if (gap._armed)
                {
                    gap._armed = false;
                    await gap.MoveAsync();
                }
                await foreach (var entry in inner.GetCallLogAsync(query, cancellationToken))
                    yield return entry;
            }

            public Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken) => inner.AuthenticateAsync(cancellationToken);
            public Task<string?> GetVersionAsync(CancellationToken cancellationToken) => inner.GetVersionAsync(cancellationToken);
            public Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken) => inner.GetActiveCallsAsync(cancellationToken);
            public Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken) => inner.GetQueuesAsync(cancellationToken);
            public Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken) => inner.GetUsersAsync(cancellationToken);
            public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) => inner.GetSystemStatusAsync(cancellationToken);
            public Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
                inner.GetQueuePerformanceTotalsAsync(from, to, queueDns, waitInterval, cancellationToken);
            public Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
                inner.GetStatisticSlaAsync(from, to, queueDns, waitInterval, cancellationToken);
            public Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
                inner.GetAbandonedQueueCallsAsync(from, to, queueDns, waitInterval, cancellationToken);
            public Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken) =>
                inner.GetQueueAnsweredCallsByWaitTimeAsync(from, to, queueDns, answerInterval, cancellationToken);
        }

        Task MoveAsync() => sim.AdvanceClockAsync(gap);
    }
}
