using Collector.CallLog.Normalisation;
using Collector.CallLog.Rollups;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Influx.LineProtocol;
using Collector.Influx.Reading;
using Collector.Live.Derivation;
using Collector.Live.Points;
using Collector.Influx.Writing;
using Collector.Reconcile;
using Collector.Tests.Support;
using static Collector.Tests.Influx.WriterTestKit;

namespace Collector.Tests.Grafana.Alerting.Evaluation;

/// <summary>
/// Points made to order for the alert rules, built by the collector's own point builders, so the rules are tested
/// against exactly what the collector writes: live snapshots every 5 s (<see cref="LivePoints"/>), queue passages
/// (<see cref="CallPoints"/>, whose KPI flags are the collector's), reconciliations (<see cref="KpiComparison"/>) and job runs (<see cref="SyncRunRecorder"/>,
/// <see cref="LiveRunPoint"/>). <see cref="WriteAsync"/> sends them with the collector's InfluxDB writer;
/// <see cref="WriteStampedUpToAsync"/> sends only those stamped up to an instant, so a rule evaluated at a given moment
/// sees what the collector had written by then (and no snapshot from its future).
/// </summary>
public sealed class CraftedData(InfluxServer server, string database)
{
    public static readonly TimeSpan SnapshotInterval = TimeSpan.FromSeconds(5);
    static readonly KpiSettings Kpi = KpiSettings.From(new SlaOptions());   // T = 20 s, S = 5 s, AbandonsNegative

    readonly List<(DateTimeOffset At, PointData Point)> _points = [];
    int _calls;

    /// <summary>A queue's live state, the same in every snapshot from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public CraftedData QueueSnapshots(DateTimeOffset from, DateTimeOffset to, string queue, int waiting, double longestWaitS = 0,
        int loggedIn = 3, string pbx = "hq") =>
        Snapshots(from, to, pbx, new QueueLive(queue, $"Queue {queue}", waiting, waiting == 0 ? 0 : longestWaitS, loggedIn, loggedIn, 0, 0));

    /// <summary>A PBX's snapshots (no queues) from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public CraftedData PbxSnapshots(DateTimeOffset from, DateTimeOffset to, string pbx = "hq") => Snapshots(from, to, pbx);

    CraftedData Snapshots(DateTimeOffset from, DateTimeOffset to, string pbx, params QueueLive[] queues)
    {
        var totals = new PbxLive(CallsActive: 4, CallsWaiting: queues.Sum(q => q.Waiting), LongestWaitSeconds: 0, AgentsTotal: 6,
            AgentsLoggedIn: 6, AgentsAvailable: 6, AgentsOnCall: 0, AgentsRinging: 0, AgentsAway: 0, AgentsLoggedOut: 0, AgentsOffline: 0,
            ExtensionsRegistered: null, ExtensionsTotal: null, TrunksRegistered: null, TrunksTotal: null);
        for (var at = from; at < to; at += SnapshotInterval)
            foreach (var point in LivePoints.From(pbx, new LiveSnapshot(at, queues, [], totals)))
                _points.Add((at, point));
        return this;
    }

    /// <summary>
    /// <paramref name="count"/> calls, one a minute apart backwards from <paramref name="last"/>, each passing through
    /// <paramref name="queue"/> once: answered after <paramref name="waitS"/> s, or abandoned after it.
    /// </summary>
    public CraftedData Passages(int count, DateTimeOffset last, string queue, bool answered, double waitS, string pbx = "hq")
    {
        for (var i = 0; i < count; i++)
            Passage(last.AddMinutes(-i), queue, answered, waitS, pbx);
        return this;
    }

    public CraftedData Passage(DateTimeOffset enter, string queue, bool answered, double waitS, string pbx = "hq")
    {
        var key = $"call-{++_calls}";
        var wait = TimeSpan.FromSeconds(waitS);
        var talk = answered ? TimeSpan.FromMinutes(3) : TimeSpan.Zero;
        var outcome = answered ? PassageOutcomes.Answered : PassageOutcomes.Abandoned;
        var passage = new QueuePassage(queue, $"Queue {queue}", enter, wait, outcome, answered ? "101" : null, talk, $"{key}-q");
        var call = new NormalisedCall(key, enter, enter + wait + talk, CallDirections.Inbound,
            answered ? CallOutcomes.Answered : CallOutcomes.Abandoned, wait + talk, talk, wait, 1, [passage], []);
        foreach (var point in CallPoints.For(pbx, call, Kpi))
            _points.Add((enter, point));
        return this;
    }

    /// <summary>One run of a collector job, as the call-log sync (<c>calllog_sync</c>) or the live snapshot (<c>live_snapshot</c>) records it.</summary>
    public CraftedData JobRun(DateTimeOffset at, string job, bool ok, string pbx = "hq")
    {
        var failure = ok ? null : new HttpRequestException("PBX unreachable");
        _points.Add((at, job switch
        {
            SyncRunRecorder.Job => SyncRunRecorder.PointFor(
                new CallLogSyncResult(pbx, 10, 5, 12, 0, at, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(120), 1, failure), at),
            LiveRunPoint.Job => LiveRunPoint.From(new LiveRunReport
            {
                Pbx = pbx, StartedAt = at, Duration = TimeSpan.FromMilliseconds(40), Points = ok ? 20 : 0,
                Error = ok ? null : "Unavailable",
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(job), job, "Not a job the collector runs."),
        }));
        return this;
    }

    /// <summary>One KPI of a queue and day as the reconciliation writes it (<c>queue_reconcile</c>, stamped at the day's start).</summary>
    public CraftedData Reconciliation(DateOnly day, string queue, string kpi, decimal ours, decimal theirs, string pbx = "hq")
    {
        var comparison = new KpiComparison(pbx, queue, ReportingDays.Of(day), kpi, ours, theirs);
        _points.Add((comparison.Day.Start, comparison.ToPoint()));
        return this;
    }

    /// <summary>Writes every point not written yet.</summary>
    public Task WriteAsync() => WriteStampedUpToAsync(DateTimeOffset.MaxValue);

    /// <summary>
    /// Writes every point not written yet, then has the collector's own <see cref="QueueRollups"/> recompute the
    /// <c>queue_day</c> (and <c>queue_month</c>) rollups of the local days in <paramref name="zone"/> of the passages among them.
    /// </summary>
    public async Task WriteWithRollupsAsync(TimeZoneInfo zone)
    {
        var passages = _points.Select(p => p.Point).Where(p => p.Measurement == CallPoints.QueueCallMeasurement)
            .GroupBy(p => p.Tags.First(t => t.Key == "pbx").Value).ToList();
        await WriteAsync();
        var options = Options(server.Url, o => o.Database = database);
        using var http = new HttpClient();
        var rollups = new QueueRollups(new InfluxQueryClient(http, options, TimeProvider.System), Writer(options), zone);
        foreach (var pbx in passages)
        {
            rollups.Touch(pbx.Key, new CallWindow(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), pbx, stalePointsReplaced: 0);
            Assert.True(await rollups.RecomputeAsync(pbx.Key, null, CancellationToken.None) > 0);
            Assert.Empty(rollups.Pending(pbx.Key));
        }
    }

    /// <summary>Writes the points not written yet that are stamped at or before <paramref name="last"/>.</summary>
    public async Task WriteStampedUpToAsync(DateTimeOffset last)
    {
        var due = _points.Where(p => p.At <= last).Select(p => p.Point).ToList();
        if (due.Count == 0) return;
        var writer = Writer(Options(server.Url, o => o.Database = database));
        var result = await writer.WriteAsync(due, CancellationToken.None);
        Assert.Equal(due.Count, result.LinesWritten);
        _points.RemoveAll(p => p.At <= last);
    }

    static long Nanoseconds(DateTimeOffset at) => Collector.Influx.LineProtocol.UnixTime.Nanoseconds(at);
}
