using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Collector.Tests.State;
using Collector.Tests.Support;
using Collector.Testing.Truth;
using Npgsql;
using Simulator.Model;

namespace Collector.Tests.Cluster;

/// <summary>
/// Three built collectors (<c>collector run</c>, each its own process) share 20 simulated PBXs through one PostgreSQL
/// database (Quartz's clustered store and the collector's state) and one influxd. One of them is killed (SIGKILL) while
/// they work. The test shows: Quartz takes the dead node out, live points keep coming for every PBX, every PBX's finished
/// calls are in InfluxDB exactly once against that PBX's ground truth, and no job was seen executing on two nodes at
/// once (Quartz's <c>qrtz_fired_triggers</c>, sampled every 100 ms).
/// </summary>
[Collection(InfluxCollection.Name)]
[Trait("Category", "Slow")]
public sealed partial class ClusterFailoverTests(InfluxFixture influx, Xunit.Abstractions.ITestOutputHelper output)
{
    const int PbxCount = 20;
    const int CollectorCount = 3;
    /// <summary>Calls per hour each PBX gets now, whatever the hour (the simulator's rate is scaled by its traffic profile).</summary>
    const double CallsPerHourNow = 600;
    /// <summary>The first sync's reach back: short, so the truth is mostly calls made while the cluster worked.</summary>
    static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);
    static readonly TimeSpan CheckinInterval = TimeSpan.FromSeconds(1);
    static readonly TimeSpan CheckinMisfireThreshold = TimeSpan.FromSeconds(2);
    static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(3);
    static readonly TimeSpan NodesSeenTimeout = TimeSpan.FromMinutes(1);
    static readonly TimeSpan ConvergeTimeout = TimeSpan.FromMinutes(3);
    static readonly TimeSpan LiveTimeout = TimeSpan.FromMinutes(2);
    /// <summary>
    /// Generous: each node reads the stored schedule and writes nothing when it is the configured one (only the first node
    /// stores it), so the time is mostly 20 simulators and 3 processes starting on a loaded machine (88–124 s seen).
    /// </summary>
    static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(5);

    // A doubled call fails the test with its points printed. Two routes were found and closed (issue 13): a call that
    // ended between a run's ActiveCalls and call-log reads was written in part (CallEndingDuringARunTests), and a node
    // coming back to a PBX after another node ran it read from its stale memory and wrote a call's last legs as a call of
    // their own (IncrementalSyncTests.ARunAfterAnotherInstanceRanThePbx…).
    [PostgresFact]
    public async Task ThreeCollectorsShareTwentyPbxsAndWhenOneIsKilledTheOthersCarryOnWithEveryCallOnceAndNoJobOnTwoNodes()
    {
        await using var postgres = await PostgresCluster.StartAsync();
        var state = await postgres.CreateDatabaseAsync();
        var database = $"cluster_{Guid.NewGuid():N}";
        var sims = new List<SimulatorHost>();
        var collectors = new List<CollectorChild>();
        using var watching = new CancellationTokenSource();
        try
        {
            var start = DateTimeOffset.UtcNow;
            var rate = Math.Min(20000, CallsPerHourNow / Math.Max(0.001, TrafficProfile.Factor(start.UtcTicks)));
            for (var i = 0; i < PbxCount; i++)
                sims.Add(await SimulatorHost.StartAsync("--seed", (100 + i).ToString(CultureInfo.InvariantCulture), "--speed", "1",
                    "--start", Iso(start), "--history-days", "0.02", "--queues", "2", "--agents", "8",
                    "--calls-per-hour", rate.ToString("F0", CultureInfo.InvariantCulture)));
            var environment = Environment(sims, influx.Server.Url, state, database);

            for (var i = 0; i < CollectorCount; i++)
                collectors.Add(CollectorChild.Start(environment));
            var overlaps = new Overlaps();
            var watch = WatchExecutingAsync(state, overlaps, watching.Token);

            var nodes = new string[CollectorCount];
            var joined = new TimeSpan[CollectorCount];
            for (var i = 0; i < CollectorCount; i++)
            {
                try
                {
                    // The processes take turns at joining (an advisory lock); only the first stores the schedule.
                    nodes[i] = await collectors[i].NodeAsync(JoinTimeout - (DateTimeOffset.UtcNow - start));
                    joined[i] = DateTimeOffset.UtcNow - start;
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"collector {i + 1} did not join the cluster within {JoinTimeout.TotalSeconds:F0} s of the start:\n{collectors[i].Tail}");
                }
            }
            await WaitForAsync(async () => (await CountPerPbxAsync(database, "SELECT count(call_id) FROM \"call\" GROUP BY pbx")).Count == PbxCount,
                WarmUpTimeout, "call points for every PBX", collectors);
            await WaitForAsync(async () => (await LatestLivePerPbxAsync(database)).Count == PbxCount, WarmUpTimeout, "live points for every PBX", collectors);
            // The sampler sees a job only while it runs: on a loaded machine the other nodes' first runs may take a while to be
            // caught, so wait for them (bounded) rather than a fixed time.
            await WaitForAsync(() => Task.FromResult(overlaps.Nodes.Count >= 2 && overlaps.Nodes.Contains(nodes[0])), NodesSeenTimeout,
                "two nodes (the first collector's among them) seen running jobs", collectors);
            Assert.Contains(nodes[0], overlaps.Nodes);   // the node about to be killed had jobs of its own to hand over
            var victim = collectors[0];
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();
            await WaitForAsync(async () => !(await NodesAsync(state)).Contains(nodes[0]), TimeSpan.FromMinutes(1),
                $"Quartz taking the killed node {nodes[0]} out of the cluster", collectors);
            var recoveredAfter = DateTimeOffset.UtcNow - killedAt;

            // Live points for every PBX, stamped (by the PBX's clock) after the dead node was out.
            var afterFailover = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            for (var i = 0; i < PbxCount; i++)
                afterFailover[PbxName(i)] = await sims[i].NowAsync();
            var liveWait = Stopwatch.StartNew();
            Dictionary<string, DateTimeOffset> latest = [];
            while (liveWait.Elapsed < LiveTimeout)
            {
                latest = await LatestLivePerPbxAsync(database);
                if (afterFailover.All(pbx => latest.TryGetValue(pbx.Key, out var last) && last > pbx.Value)) break;
                await Task.Delay(500);
            }
            var stale = afterFailover.Where(pbx => !(latest.TryGetValue(pbx.Key, out var last) && last > pbx.Value))
                .Select(pbx => $"{pbx.Key} (failover at {pbx.Value:HH:mm:ss.f} on its clock, last live point {(latest.TryGetValue(pbx.Key, out var last) ? last.ToString("HH:mm:ss.f", CultureInfo.InvariantCulture) : "none")})")
                .ToList();
            Assert.True(stale.Count == 0, $"no live point after the failover within {LiveTimeout.TotalSeconds:F0} s for {string.Join(", ", stale)}\n{string.Join("\n---\n", collectors.Skip(1).Select(c => c.Tail))}");

            // Every PBX's finished calls, from the first sync's reach to now, once each in InfluxDB.
            var end = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(15));
            var from = start - Lookback + TimeSpan.FromMinutes(2);
            var truth = new Dictionary<string, IReadOnlyList<TruthCall>>();
            for (var i = 0; i < PbxCount; i++)
                truth[PbxName(i)] = await SimulatorTruth.FinishedCallsAsync(sims[i], from, end);
            var ledger = await LedgerAsync(database, truth);
            var converging = Stopwatch.StartNew();
            // Converged: every call there, and any call's last legs written early as a call of their own (an ordinary run
            // while the call's stretch was pending, docs/call-log-sync.md) replaced by its stretch run.
            while (ledger.Values.Any(l => l.Lost.Count > 0 || l.Doubled.Count > 0) && converging.Elapsed < ConvergeTimeout)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                ledger = await LedgerAsync(database, truth);
            }
            await watching.CancelAsync();
            await watch;
            foreach (var survivor in collectors.Skip(1))
                Assert.True(await survivor.StopAsync(), $"a surviving collector did not stop on SIGTERM:\n{survivor.Tail}");
            ledger = await LedgerAsync(database, truth);

            output.WriteLine($"nodes joined {string.Join(", ", joined.Select(j => $"{j.TotalSeconds:F0} s"))} after the start (including the simulators' start); " +
                $"their cluster join (schema, schedule, stale jobs) took {string.Join(", ", collectors.Select(c => c.JoinMs is { } ms ? $"{ms} ms" : "?"))}");
            output.WriteLine($"killed node {nodes[0]} {killedAt - start:g} after the start; out of the cluster {recoveredAfter.TotalSeconds:F1} s later; " +
                $"{truth.Values.Sum(t => t.Count)} finished calls in the truth over {PbxCount} PBXs, {ledger.Values.Sum(l => l.Lost.Count)} lost, {ledger.Values.Sum(l => l.Doubled.Count)} doubled; " +
                $"{overlaps.Samples} samples of executing jobs on {overlaps.Nodes.Count} nodes, {overlaps.Seen.Count} overlaps; whole test {DateTimeOffset.UtcNow - start:g}");
            Assert.True(truth.Values.Sum(t => t.Count) >= PbxCount * 5, $"only {truth.Values.Sum(t => t.Count)} finished calls in the truth");
            Assert.All(truth, pbx => Assert.NotEmpty(pbx.Value));
            var problems = ledger.Where(l => l.Value.Lost.Count + l.Value.Doubled.Count > 0)
                .Select(l => $"{l.Key}: {l.Value.Truth} true, {l.Value.Lost.Count} lost (e.g. {string.Join(", ", l.Value.Lost.Take(3))}), {l.Value.Doubled.Count} doubled (e.g. {string.Join(", ", l.Value.Doubled.Take(3))})")
                .ToList();
            if (problems.Count > 0)
                problems.Add(await DoubledPointsAsync(database, ledger));
            Assert.True(problems.Count == 0, $"killed after {killedAt - start:g}, node out after {recoveredAfter:g}:\n{string.Join('\n', problems)}\n{collectors[1].Tail}");
            Assert.True(overlaps.Samples > 100, $"only {overlaps.Samples} samples of Quartz's executing jobs");
            Assert.True(overlaps.Seen.IsEmpty, $"a job executing on two nodes at once: {string.Join("; ", overlaps.Seen.Take(5))}");
            Assert.True(recoveredAfter < CheckinInterval + CheckinMisfireThreshold + TimeSpan.FromSeconds(20), $"the killed node was taken out only after {recoveredAfter:g}");
        }
        finally
        {
            await watching.CancelAsync();
            foreach (var collector in collectors) await collector.DisposeAsync();
            foreach (var sim in sims) await sim.DisposeAsync();
            try
            {
                await influx.Server.QueryAsync(database, $"DROP DATABASE \"{database}\"");
            }
            catch (InvalidOperationException)
            {
                // never created
            }
        }
    }

    static string PbxName(int index) => $"pbx{index + 1:00}";

    static Dictionary<string, string> Environment(IReadOnlyList<SimulatorHost> sims, Uri influxUrl, string state, string database)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Influx__Url"] = influxUrl.ToString(),
            ["Influx__Database"] = database,
            ["Influx__MaxRetryDelay"] = "00:00:05",
            ["State__Provider"] = "postgres",
            ["State__ConnectionString"] = state,
            ["State__ClusterCheckinInterval"] = CheckinInterval.ToString("c", CultureInfo.InvariantCulture),
            ["State__ClusterCheckinMisfireThreshold"] = CheckinMisfireThreshold.ToString("c", CultureInfo.InvariantCulture),
            ["Schedules__CallLogSyncInterval"] = "00:00:05",
            ["Schedules__LiveSnapshotInterval"] = "00:00:02",
            ["CallLog__SettleDelay"] = "00:00:05",
            ["CallLog__EndedCallsReadInterval"] = "00:00:15",
            ["CallLog__InitialLookback"] = Lookback.ToString("c", CultureInfo.InvariantCulture),
            ["Reconcile__Enabled"] = "false",
            // A live snapshot skipped for coming a whole interval late says so (at Debug) in the failure's tail.
            ["Serilog__MinimumLevel__Override__Collector.Live.LiveSnapshotJob"] = "Debug",
        };
        for (var i = 0; i < sims.Count; i++)
        {
            environment[$"Pbxs__{i}__Name"] = PbxName(i);
            environment[$"Pbxs__{i}__BaseUrl"] = sims[i].BaseUrl.ToString();
            environment[$"Pbxs__{i}__ClientId"] = sims[i].ClientId;
            environment[$"Pbxs__{i}__ClientSecret"] = sims[i].ClientSecret;
        }
        return environment;
    }

    /// <summary>Samples Quartz's executing firings every 100 ms until cancelled: the nodes seen, and any job seen on two at once.</summary>
    static async Task WatchExecutingAsync(string state, Overlaps overlaps, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(state);
        await connection.OpenAsync(CancellationToken.None);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var command = new NpgsqlCommand(
                    "SELECT job_group, job_name, instance_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING'", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var executing = new List<(string Job, string Node)>();
                while (await reader.ReadAsync(cancellationToken))
                    executing.Add(($"{reader.GetString(0)}.{reader.GetString(1)}", reader.GetString(2)));
                overlaps.Note(executing);
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                await Task.Delay(100, CancellationToken.None);   // Quartz has not created its tables yet
            }
        }
    }

    static async Task<List<string>> NodesAsync(string state)
    {
        await using var connection = new NpgsqlConnection(state);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT instance_name FROM qrtz_scheduler_state", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var nodes = new List<string>();
        while (await reader.ReadAsync()) nodes.Add(reader.GetString(0));
        return nodes;
    }

    /// <summary>One count per <c>pbx</c> tag from an InfluxQL <c>SELECT count(…) … GROUP BY pbx</c> (empty before the database exists).</summary>
    async Task<Dictionary<string, long>> CountPerPbxAsync(string database, string influxQl)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        JsonElement answer;
        try
        {
            answer = await influx.Server.QueryAsync(database, influxQl);
        }
        catch (InvalidOperationException)
        {
            return counts;
        }
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return counts;
        foreach (var serie in series.EnumerateArray())
            counts[serie.GetProperty("tags").GetProperty("pbx").GetString()!] = serie.GetProperty("values")[0][1].GetInt64();
        return counts;
    }

    /// <summary>The time of each PBX's newest <c>pbx_live</c> point.</summary>
    async Task<Dictionary<string, DateTimeOffset>> LatestLivePerPbxAsync(string database)
    {
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var answer = await influx.Server.QueryAsync(database, "SELECT last(calls_active) FROM pbx_live GROUP BY pbx");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return latest;
        foreach (var serie in series.EnumerateArray())
            latest[serie.GetProperty("tags").GetProperty("pbx").GetString()!] = DateTimeOffset.UnixEpoch.AddTicks(serie.GetProperty("values")[0][0].GetInt64() / 100);   // epoch=ns
        return latest;
    }

    /// <summary>Per PBX, its true calls against its <c>call</c> and <c>queue_call</c> points (by <c>call_id</c> within the PBX).</summary>
    async Task<Dictionary<string, PbxLedger>> LedgerAsync(string database, Dictionary<string, IReadOnlyList<TruthCall>> truth)
    {
        var calls = await CallIdsAsync(database, "call");
        var passages = await CallIdsAsync(database, "queue_call");
        var ledger = new Dictionary<string, PbxLedger>(StringComparer.Ordinal);
        foreach (var (pbx, trueCalls) in truth)
        {
            var lost = new List<string>();
            var doubled = new List<string>();
            foreach (var call in trueCalls)
            {
                var points = calls.GetValueOrDefault((pbx, call.CallId));
                if (points == 0) lost.Add(call.CallId);
                if (points > 1 || passages.GetValueOrDefault((pbx, call.CallId)) > call.Passages.Count) doubled.Add(call.CallId);
            }
            doubled.AddRange(calls.Where(c => c.Key.Pbx == pbx && c.Value > 1 && !trueCalls.Any(t => t.CallId == c.Key.CallId)).Select(c => c.Key.CallId));
            ledger[pbx] = new PbxLedger(trueCalls.Count, lost, doubled);
        }
        return ledger;
    }

    /// <summary>
    /// Every stored point (time to the nanosecond, all tags, the fields) of the first doubled calls, so a failure says
    /// which identity each copy has (another start, another tag, another de-collision slot).
    /// </summary>
    async Task<string> DoubledPointsAsync(string database, Dictionary<string, PbxLedger> ledger)
    {
        var lines = new List<string> { "points of the doubled calls (time ns, tags, fields):" };
        foreach (var (pbx, entry) in ledger.Where(l => l.Value.Doubled.Count > 0).Take(3))
            foreach (var callId in entry.Doubled.Take(3))
                foreach (var measurement in new[] { "call", "queue_call", "agent_call" })
                {
                    var answer = await influx.Server.QueryAsync(database,
                        $"SELECT * FROM \"{measurement}\" WHERE pbx = '{pbx}' AND call_id = '{callId.Replace("'", "\\'", StringComparison.Ordinal)}' GROUP BY *");
                    if (!answer.GetProperty("results")[0].TryGetProperty("series", out var series)) continue;
                    foreach (var serie in series.EnumerateArray())
                    {
                        var tags = serie.TryGetProperty("tags", out var t) ? string.Join(",", t.EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")) : "";
                        var columns = serie.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
                        foreach (var row in serie.GetProperty("values").EnumerateArray())
                        {
                            var values = row.EnumerateArray().ToList();
                            var time = values[0].GetInt64();
                            var fields = string.Join(" ", columns.Skip(1).Zip(values.Skip(1)).Where(c => c.Second.ValueKind != JsonValueKind.Null).Select(c => $"{c.First}={c.Second}"));
                            lines.Add($"  {pbx} {measurement} {DateTimeOffset.UnixEpoch.AddTicks(time / 100):O} ({time}) {tags} {fields}");
                        }
                    }
                }
        return string.Join('\n', lines);
    }

    async Task<Dictionary<(string Pbx, string CallId), int>> CallIdsAsync(string database, string measurement)
    {
        var counts = new Dictionary<(string, string), int>();
        var answer = await influx.Server.QueryAsync(database, $"SELECT call_id, pbx FROM \"{measurement}\"");
        var result = answer.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return counts;
        foreach (var row in series[0].GetProperty("values").EnumerateArray())
        {
            var key = (row[2].GetString() ?? "", row[1].GetString() ?? "");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, IReadOnlyList<CollectorChild> collectors)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        Assert.Fail($"no {what} within {timeout.TotalSeconds:F0} s\n{string.Join("\n---\n", collectors.Select(c => c.Tail))}");
    }

    static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    sealed record PbxLedger(int Truth, IReadOnlyList<string> Lost, IReadOnlyList<string> Doubled);

    /// <summary>What the sampler saw: the nodes that ran jobs, the samples taken, and every job seen executing on two nodes at once.</summary>
    sealed class Overlaps
    {
        public ConcurrentDictionary<string, byte> NodeSet { get; } = new();
        public ConcurrentQueue<string> Seen { get; } = new();
        public ICollection<string> Nodes => NodeSet.Keys;
        public int Samples => _samples;
        int _samples;

        public void Note(IReadOnlyList<(string Job, string Node)> executing)
        {
            Interlocked.Increment(ref _samples);
            foreach (var (_, node) in executing) NodeSet.TryAdd(node, 0);
            foreach (var job in executing.GroupBy(e => e.Job).Where(g => g.Select(e => e.Node).Distinct().Count() > 1))
                Seen.Enqueue($"{job.Key} on {string.Join(" and ", job.Select(e => e.Node).Distinct())}");
        }
    }

    /// <summary>One <c>dotnet collector.dll run</c> child process with the environment given; its output kept (the last lines) for failure messages.</summary>
    sealed partial class CollectorChild : IAsyncDisposable
    {
        readonly Process _process;
        readonly Queue<string> _tail = new();
        readonly TaskCompletionSource<string> _node = new(TaskCreationOptions.RunContinuationsAsynchronously);

        CollectorChild(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Note(e.Data);
            process.ErrorDataReceived += (_, e) => Note(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static CollectorChild Start(Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "collector.dll"), "run"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = Path.GetTempPath(),   // not the suite's folder, whose appsettings.json the collector would read
            };
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Pbxs__", StringComparison.Ordinal) || k.StartsWith("Influx__", StringComparison.Ordinal) || k.StartsWith("State__", StringComparison.Ordinal)).ToList())
                start.Environment.Remove(name);
            foreach (var (key, value) in environment) start.Environment[key] = value;
            return new CollectorChild(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
        }

        public string Tail
        {
            get
            {
                lock (_tail) return string.Join('\n', _tail);
            }
        }

        /// <summary>How long its cluster join took, as it logged it (<c>joined in … ms</c>).</summary>
        public string? JoinMs { get; private set; }

        /// <summary>The node id this process logged when it joined the cluster.</summary>
        public Task<string> NodeAsync(TimeSpan timeout) => _node.Task.WaitAsync(timeout);

        public void Kill() => _process.Kill(entireProcessTree: true);

        /// <summary>SIGTERM and wait (bounded); false when it had to be killed.</summary>
        public async Task<bool> StopAsync()
        {
            if (_process.HasExited) return _process.ExitCode == 0;
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
                return _process.ExitCode == 0;
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                return false;
            }
        }

        void Note(string? line)
        {
            if (line is null) return;
            if (NodeLine().Match(line) is { Success: true } match)
            {
                JoinMs = match.Groups[2].Success ? match.Groups[2].Value : null;
                _node.TrySetResult(match.Groups[1].Value);
            }
            if (line.Contains(" INF] ", StringComparison.Ordinal) && !line.Contains("Collector.Cluster.", StringComparison.Ordinal)) return;   // the tail is for what went wrong
            lock (_tail)
            {
                _tail.Enqueue(line.Length > 400 ? line[..400] : line);
                while (_tail.Count > 40) _tail.Dequeue();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        [GeneratedRegex(@"this process is node (\S+);(?:.*joined in (\d+) ms)?")]
        private static partial Regex NodeLine();
    }
}
