using System.Text;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.Tests.CallLog.Normalisation;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Influx.Writing;
using Collector.Tests.Support;
using Collector.ThreeCx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using static Collector.Tests.CallLog.Normalisation.Rows;

namespace Collector.Tests.CallLog.Sync;

/// <summary>
/// Point identity end to end: call-log rows → normaliser → <see cref="CallLogWindowWriter"/> → a real influxd → counted.
/// Calls never overwrite each other, a rewritten window replaces what an earlier version wrote for it, and names with
/// control characters reach the tags replaced.
/// </summary>
[Collection(InfluxCollection.Name)]
public sealed class CallIdentityTests(InfluxFixture influx) : IDisposable
{
    readonly string _database = $"identity_{Guid.NewGuid():N}";
    readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    readonly FakeXapiClient _pbx = new();

    InfluxOptions Options => new() { Url = influx.Server.Url, Database = _database, RequestTimeout = TimeSpan.FromSeconds(30) };

    InfluxWriter Writer() => new(_http, Options, TimeProvider.System, NullLogger<InfluxWriter>.Instance);

    (CallLogWindowWriter Writer, FakeLogger<CallLogWindowWriter> Log) WindowWriter()
    {
        var log = new FakeLogger<CallLogWindowWriter>();
        var stored = new StoredCallPoints(new InfluxQueryClient(_http, Options, TimeProvider.System));
        return (new CallLogWindowWriter(Writer(), GoldenFileTests.Kpi, stored, log), log);
    }

    PbxCallLog Source(string pbx = "hq") =>
        new(pbx, _pbx, new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance), new QueueSlaTimes(pbx, _pbx, TimeProvider.System, NullLogger.Instance));

    static readonly CallWindow Hour = new(T0, T0.AddHours(1));

    async Task<long> CountAsync(string measurement, string pbx = "hq") =>
        (await influx.Server.ScalarAsync(_database, $"SELECT count(call_id) FROM \"{measurement}\" WHERE pbx = '{pbx}'"))?.GetInt64() ?? 0;

    async Task<long> DistinctCallIdsAsync(string measurement) =>
        (await influx.Server.ScalarAsync(_database, $"SELECT count(distinct(call_id)) FROM \"{measurement}\" WHERE pbx = 'hq'"))?.GetInt64() ?? 0;

    /// <summary>An inbound call answered from queue 800 by agent 101: the queue leg and the agent leg start at the same instant.</summary>
    static CallLogRow[] AnsweredCall(string id, double start) => [Queue(id, start, 8, answered: true), Agent(id, start, 8, 60)];

    [Fact]
    public async Task TwelveHundredCallsTwentyAtEachInstantAllSurviveInInfluxDb()
    {
        // 60 instants, 20 calls starting at exactly the same 100 ns tick at each, both legs too: with 100 buckets per tick
        // (the old scheme) only about 845 of 1200 survived.
        var rows = Enumerable.Range(0, 1200).SelectMany(i => AnsweredCall($"same-{i:D4}", i / 20 * 7.0)).ToList();

        var result = await WindowWriter().Writer.WriteAsync(Source(), Hour, rows, CancellationToken.None);

        Assert.Equal(1200, result.Calls);
        Assert.Equal(1200, await CountAsync("call"));
        Assert.Equal(1200, await CountAsync("queue_call"));
        Assert.Equal(1200, await CountAsync("agent_call"));
        Assert.Equal(1200, await DistinctCallIdsAsync("agent_call"));
    }

    [Fact]
    public async Task AWindowWrittenAgainOverwritesItselfAndDeletesNothing()
    {
        var rows = Enumerable.Range(0, 300).SelectMany(i => AnsweredCall($"again-{i:D3}", i / 20 * 11.0)).ToList();
        var (writer, log) = WindowWriter();
        await writer.WriteAsync(Source(), Hour, rows, CancellationToken.None);

        var again = await writer.WriteAsync(Source(), Hour, Enumerable.Reverse(rows).ToList(), CancellationToken.None);

        Assert.Equal(0, again.StalePointsReplaced);
        Assert.Equal(300, await CountAsync("call"));
        Assert.Equal(300, await CountAsync("agent_call"));
        Assert.Empty(log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task PointsOfTheEarlierTimestampSchemeAreReplacedWhenTheWindowsAreWrittenAgainAndOtherPbxsKeepTheirs()
    {
        // 90 calls over an hour, 20 more at one instant, and one whose agent leg starts in the second half-hour window.
        var rows = Enumerable.Range(0, 90).SelectMany(i => AnsweredCall($"spread-{i:D2}", i * 40.0))
            .Concat(Enumerable.Range(0, 20).SelectMany(i => AnsweredCall($"crowd-{i:D2}", 600)))
            .Concat([Queue("across", 1795, 20, answered: true), Agent("across", 1815, 2, 60)])
            .ToList();
        const int calls = 90 + 20 + 1;
        await WriteAsEarlierVersionAsync("hq", rows);
        await WriteAsEarlierVersionAsync("branch", rows);
        var branch = await CountAsync("call", "branch"); // fewer than 111: the old scheme lost some of the crowd

        var (writer, log) = WindowWriter();
        var halves = CallWindow.Split(T0, T0.AddHours(1), TimeSpan.FromMinutes(30)).ToList();
        var results = new List<WindowResult>();
        foreach (var window in halves)
            results.Add(await writer.WriteAsync(Source(), window, rows, CancellationToken.None));

        Assert.All(results, r => Assert.True(r.StalePointsReplaced > 0));
        Assert.Equal(calls, await CountAsync("call"));
        Assert.Equal(calls, await CountAsync("queue_call"));
        Assert.Equal(calls, await CountAsync("agent_call"));
        Assert.Equal(calls, await DistinctCallIdsAsync("agent_call")); // "across"'s leg, deleted with the second half, was written again
        Assert.Equal(branch, await CountAsync("call", "branch")); // the other PBX's old points were not touched
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Message.Contains("no longer matched the call log", StringComparison.Ordinal));

        var again = await writer.WriteAsync(Source(), halves[1], rows, CancellationToken.None);
        Assert.Equal(0, again.StalePointsReplaced);
    }

    [Fact]
    public async Task ABatchOfWindowsReadsTheStoredPointsOnceAndStillReplacesTheEarlierSchemesPointsInEachWindow()
    {
        // As above, but as a backfill writes: the stored points of both half-hour windows read once for the batch, then kept
        // in step with what each window deletes and writes ("across"'s leg, written by the first window into the second's span),
        // and the windows' points written together (flushed before the second window deletes its span).
        var rows = Enumerable.Range(0, 90).SelectMany(i => AnsweredCall($"spread-{i:D2}", i * 40.0))
            .Concat(Enumerable.Range(0, 20).SelectMany(i => AnsweredCall($"crowd-{i:D2}", 600)))
            .Concat([Queue("across", 1795, 20, answered: true), Agent("across", 1815, 2, 60)])
            .ToList();
        const int calls = 90 + 20 + 1;
        await WriteAsEarlierVersionAsync("hq", rows);
        var queries = new CountingReader(new InfluxQueryClient(_http, Options, TimeProvider.System));
        var writer = new CallLogWindowWriter(Writer(), GoldenFileTests.Kpi, new StoredCallPoints(queries), new FakeLogger<CallLogWindowWriter>());
        var source = Source();

        var halves = CallWindow.Split(T0, T0.AddHours(1), TimeSpan.FromMinutes(30)).ToList();
        var batch = await writer.ReadBatchAsync("hq", T0, T0.AddHours(1), TimeSpan.FromHours(1), pointsPerWrite: 5000, CancellationToken.None);
        var results = new List<WindowResult>();
        foreach (var window in halves)
            results.Add(await writer.WriteCallsAsync(source, window, source.Normaliser.Normalise(rows), rows.Count, 0, null, false, CancellationToken.None, batch));
        await writer.FlushAsync(batch, CancellationToken.None);
        Assert.Equal(T0.AddHours(1), batch.DurableThrough);

        Assert.Equal(1, queries.Selects);
        Assert.All(results, r => Assert.True(r.StalePointsReplaced > 0));
        Assert.Equal(calls, await CountAsync("call"));
        Assert.Equal(calls, await CountAsync("queue_call"));
        Assert.Equal(calls, await CountAsync("agent_call"));
        Assert.Equal(calls, await DistinctCallIdsAsync("agent_call"));

        // Written again in a new batch: everything stored now matches, so nothing is stale and nothing is deleted.
        var deletesBefore = queries.Deletes;
        var again = await writer.ReadBatchAsync("hq", T0, T0.AddHours(1), TimeSpan.FromHours(1), pointsPerWrite: 5000, CancellationToken.None);
        foreach (var window in halves)
            Assert.Equal(0, (await writer.WriteCallsAsync(source, window, source.Normaliser.Normalise(rows), rows.Count, 0, null, false, CancellationToken.None, again)).StalePointsReplaced);
        await writer.FlushAsync(again, CancellationToken.None);
        Assert.Equal(deletesBefore, queries.Deletes);
        Assert.Equal(calls, await DistinctCallIdsAsync("agent_call"));
    }

    sealed class CountingReader(IInfluxReader inner) : IInfluxReader
    {
        public int Selects { get; private set; }

        public int Deletes { get; private set; }

        public Task<IReadOnlyList<InfluxSeries>> QueryAsync(string influxQl, CancellationToken cancellationToken)
        {
            if (influxQl.StartsWith("SELECT", StringComparison.Ordinal)) Selects++;
            if (influxQl.StartsWith("DELETE", StringComparison.Ordinal)) Deletes++;
            return inner.QueryAsync(influxQl, cancellationToken);
        }
    }

    [Fact]
    public async Task RewritingOnlyTheLaterWindowAfterAnUpgradeKeepsTheLegOfACallThatBeganBeforeIt()
    {
        // As the sync's first run after an upgrade: it starts at its watermark, inside history the old version wrote.
        var rows = Enumerable.Range(0, 90).SelectMany(i => AnsweredCall($"spread-{i:D2}", i * 40.0))
            .Concat([Queue("across", 1795, 20, answered: true), Agent("across", 1815, 2, 60)])
            .ToList();
        await WriteAsEarlierVersionAsync("hq", rows);

        var later = await WindowWriter().Writer.WriteAsync(Source(), new CallWindow(T0.AddMinutes(30), T0.AddHours(1)), rows, CancellationToken.None);

        Assert.True(later.StalePointsReplaced > 0);
        Assert.Equal(91, await CountAsync("call"));
        Assert.Equal(91, await CountAsync("queue_call"));
        Assert.Equal(91, await CountAsync("agent_call"));
        Assert.Equal(91, await DistinctCallIdsAsync("agent_call")); // "across"'s leg: its old point deleted, written anew
    }

    [Fact]
    public async Task ControlCharactersInQueueAndAgentNamesReachTheTagsAsReplacementCharactersAndMatchOnRewrite()
    {
        CallLogRow[] rows = [Queue("ctl", 0, 8, answered: true, name: "Sa\0les\u001b"), Agent("ctl", 0, 8, 60, display: "Berg,\u0007 Anna")];
        var (writer, _) = WindowWriter();

        await writer.WriteAsync(Source(), Hour, rows, CancellationToken.None);
        var again = await writer.WriteAsync(Source(), Hour, rows, CancellationToken.None);

        Assert.Equal("Sa\uFFFDles\uFFFD", Assert.Single(await TagValuesAsync("queue_call", "queue_name")));
        var agentName = Assert.Single(await TagValuesAsync("agent_call", "agent_name"));
        Assert.Contains('\uFFFD', agentName);
        Assert.DoesNotContain(agentName, c => char.IsControl(c));
        Assert.Equal(0, again.StalePointsReplaced); // the stored (replaced) names are recognised as this write's own
        Assert.Equal(1, await CountAsync("agent_call"));
    }

    async Task<List<string>> TagValuesAsync(string measurement, string key)
    {
        var answer = await influx.Server.QueryAsync(_database, $"SHOW TAG VALUES FROM \"{measurement}\" WITH KEY = \"{key}\"");
        var result = answer.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series)
            ? [.. series[0].GetProperty("values").EnumerateArray().Select(v => v[1].GetString() ?? "")]
            : [];
    }

    /// <summary>Writes the rows' points as earlier versions did: start in 100 ns ticks × 100 + FNV-1a-32(key) mod 100.</summary>
    async Task WriteAsEarlierVersionAsync(string pbx, IReadOnlyCollection<CallLogRow> rows)
    {
        var calls = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance).Normalise(rows);
        var points = new List<PointData>();
        foreach (var (call, callPoints) in CallPoints.Stamped(pbx, calls, GoldenFileTests.Kpi))
        {
            var stamps = new List<long> { Earlier(call.Start, call.CallKey) };
            stamps.AddRange(call.Passages.Select(p => Earlier(p.Enter, p.LegKey)));
            stamps.AddRange(call.AgentLegs.Select(l => Earlier(l.Start, l.LegKey)));
            for (var i = 0; i < callPoints.Count; i++)
                points.Add(callPoints[i].Timestamp(stamps[i]));
        }

        await Writer().WriteAsync(points, CancellationToken.None);
    }

    static long Earlier(DateTimeOffset start, string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619u;
        }

        return UnixTime.Nanoseconds(start) + hash % 100;
    }

    public void Dispose() => _http.Dispose();
}
