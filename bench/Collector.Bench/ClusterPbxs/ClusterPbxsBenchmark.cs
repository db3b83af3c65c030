using System.Diagnostics;
using System.Globalization;
using System.Text;
using Collector.Testing;

namespace Collector.Bench.ClusterPbxs;

/// <summary>
/// The load of <c>many-pbxs</c> (<c>--pbxs</c> simulated PBXs in this process, a live snapshot every 5 s, a call-log
/// sync every minute, one real influxd) carried by three <c>collector run</c> processes that share one PostgreSQL
/// (<c>State:Provider=postgres</c>: Quartz's clustered store, default check-in settings), with, in each round and
/// before it, the one-process run of <c>many-pbxs</c> against the same simulators and influxd for comparison.
/// Measured: each process's cluster join time (start → "this process is node …"); over a steady window after a warm-up,
/// each process's CPU share (user + system time from /proc/PID/stat over wall time), peak RSS (VmHWM), firings it ran
/// (Quartz's <c>qrtz_fired_triggers</c>, sampled every 100 ms) beside the run points InfluxDB received, PostgreSQL's
/// CPU share, XAPI requests per PBX per minute (counted by the simulators) and snapshot → queryable latency p50/p99 (as <c>many-pbxs</c>);
/// then one process is killed (SIGKILL) and measured: the time until Quartz takes it out of the cluster, and until
/// every PBX (and every PBX whose live job the dead node had fired in the interval before the kill) has a queryable
/// <c>pbx_live</c> point stamped after the kill; then the survivors' CPU share and firings from 30 s after the kill.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- cluster-pbxs [--pbxs 100] [--warmup 60] [--seconds 180] [--after 120] [--join-timeout 1200] [--rounds 1] [--no-baseline] [--collector PATH/collector.dll]</code>
/// </summary>
static class ClusterPbxsBenchmark
{
    const int Processes = 3;
    static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(5);
    /// <summary>The survivors' steady figures start this long after the kill (the failover is over by then with the default check-in).</summary>
    static readonly TimeSpan SettleAfterKill = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var pbxs = int.Parse(Option(args, "--pbxs") ?? "100", CultureInfo.InvariantCulture);
        var warmup = Seconds(Option(args, "--warmup") ?? "60");
        var window = Seconds(Option(args, "--seconds") ?? "180");
        var after = Seconds(Option(args, "--after") ?? "120");
        var joinTimeout = Seconds(Option(args, "--join-timeout") ?? "1200");
        var rounds = int.Parse(Option(args, "--rounds") ?? "1", CultureInfo.InvariantCulture);
        var baseline = !args.Contains("--no-baseline");
        var collector = Path.GetFullPath(Option(args, "--collector") ?? Path.Combine(AppContext.BaseDirectory, "collector.dll"));
        if (!PostgresCluster.IsAvailable)
        {
            Console.Error.WriteLine("PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql).");
            return 2;
        }

        Console.WriteLine($"{pbxs} simulated PBXs, live every 5 s, call log every 1 min; {(baseline ? "one process (SQLite), then " : "")}{Processes} processes on one PostgreSQL; " +
            $"warm-up {warmup.TotalSeconds:0} s, window {window.TotalSeconds:0} s, {after.TotalSeconds:0} s after the kill; {Environment.ProcessorCount} cores; load {Load()}");
        await using var influx = await InfluxServer.StartAsync();
        await using var postgres = await PostgresCluster.StartAsync();
        var tenants = await SimulatorHost.StartTenantsAsync(pbxs, "--history-days", "0.02", "--seed", "1",
            "--Logging:LogLevel:Default=Warning");   // not 100 × "Now listening on"
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                if (baseline)
                {
                    var one = await ManyPbxsBenchmark.RunOnceAsync(collector, tenants, influx, warmup, window, $"c{round}_one");
                    Console.WriteLine($"round {round + 1}, one process (SQLite): {one}; load {Load()}");
                }
                var cluster = await RunClusterAsync(collector, tenants, influx, postgres, warmup, window, after, joinTimeout, $"c{round}_three");
                Console.WriteLine($"round {round + 1}, {Processes} processes (PostgreSQL):\n{cluster}load {Load()}");
            }
        }
        finally
        {
            foreach (var tenant in tenants) await tenant.DisposeAsync();
        }
        return 0;
    }

    static async Task<string> RunClusterAsync(string collectorDll, IReadOnlyList<SimulatorHost> tenants, InfluxServer influx, PostgresCluster postgres,
        TimeSpan warmup, TimeSpan window, TimeSpan after, TimeSpan joinTimeout, string tag)
    {
        var state = await postgres.CreateDatabaseAsync();
        var database = $"threecx_{tag}";
        using var folder = new TempDirectory("bench-cluster-pbxs");
        var environment = CollectorEnvironment(tenants, influx.Url, database, state);
        var clock = Stopwatch.StartNew();
        var sampler = new FiredTriggerSampler(clock);
        using var sampling = new CancellationTokenSource();
        var samplerRun = sampler.RunAsync(state, sampling.Token);
        var nodes = Enumerable.Range(0, Processes).Select(_ => ClusterNode.Start(collectorDll, environment, folder.Path)).ToList();
        var report = new StringBuilder();
        try
        {
            // Joining: each process stores its jobs in turn under an advisory lock.
            var ids = new string[Processes];
            for (var i = 0; i < Processes; i++)
            {
                try
                {
                    ids[i] = await nodes[i].NodeIdAsync(joinTimeout - clock.Elapsed);
                }
                catch (TimeoutException)
                {
                    throw new InvalidOperationException($"process {i + 1} did not join the cluster within {joinTimeout.TotalSeconds:0} s:\n{nodes[i].Tail}");
                }
            }
            var allJoined = clock.Elapsed;
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  joined after (s, from the common start): {string.Join(", ", nodes.Select(n => $"{n.JoinedAfter!.Value.TotalSeconds:0.0}{(n.Waited ? " (waited for another)" : "")}"))}"));
            await WaitForEveryPbxLiveAsync(influx, database, tenants.Count, TimeSpan.FromMinutes(5), nodes);
            var everyPbxLive = clock.Elapsed;
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  every PBX with a live point {everyPbxLive.TotalSeconds:0} s after the start ({(everyPbxLive - allJoined).TotalSeconds:0} s after the last join)"));
            await Task.Delay(warmup);
            if (nodes.FirstOrDefault(n => n.HasExited) is { } exited) throw new InvalidOperationException($"a collector exited:\n{exited.Tail}");

            // The steady window, all three up.
            var cpuBefore = nodes.Select(n => n.CpuTime()).ToArray();
            var postgresCpuBefore = PostgresCpu.Of(postgres.ServerProcessId);
            var requestsBefore = tenants.Sum(t => t.RequestsTo("/xapi/"));
            var windowStart = clock.Elapsed;
            var wallStart = DateTimeOffset.UtcNow;
            var latencies = await ManyPbxsBenchmark.PollLatenciesAsync(influx, database, window);
            var windowEnd = clock.Elapsed;
            var wallEnd = DateTimeOffset.UtcNow;
            var cpu = nodes.Select((n, i) => n.CpuTime() - cpuBefore[i]).ToArray();
            var postgresCpu = PostgresCpu.Of(postgres.ServerProcessId) - postgresCpuBefore;
            var requests = tenants.Sum(t => t.RequestsTo("/xapi/")) - requestsBefore;
            var elapsed = windowEnd - windowStart;
            var firings = sampler.Between(windowStart, windowEnd);
            var runs = await RunPointsAsync(influx, database, wallStart, wallEnd);
            latencies.Sort();
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  steady window {elapsed.TotalSeconds:0} s: XAPI requests per PBX per minute {requests / elapsed.TotalMinutes / tenants.Count:0.0}; " +
                $"snapshot → queryable ms: {latencies.Count} points, p50 {ManyPbxsBenchmark.Percentile(latencies, 50):0}, p99 {ManyPbxsBenchmark.Percentile(latencies, 99):0}; " +
                $"CPU all processes {cpu.Sum(c => c.TotalSeconds) / elapsed.TotalSeconds:0.000} cores, PostgreSQL {postgresCpu.TotalSeconds / elapsed.TotalSeconds:0.000} cores (this benchmark's sampling of it included); run points in InfluxDB {Runs(runs)}; firings seen running {firings.Count(f => f.Executing)} of {firings.Count} claimed"));
            for (var i = 0; i < Processes; i++)
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    process {i + 1} ({ids[i]}): CPU {cpu[i].TotalSeconds / elapsed.TotalSeconds:0.000} cores " +
                    $"({nodes[i].CpuTime().TotalSeconds / nodes[i].SinceStart.TotalSeconds:0.000} since start), peak RSS {nodes[i].PeakRssBytes() / 1048576.0:0} MiB, " +
                    $"firings {Firings(firings, ids[i])}"));

            // The kill.
            var victim = 0;
            var lastBefore = await FailoverWatch.LatestLiveAsync(influx, database);
            var killedAt = DateTimeOffset.UtcNow;
            var killedOnClock = clock.Elapsed;
            nodes[victim].Kill();
            var failover = await FailoverWatch.MeasureAsync(influx, database, state, ids[victim], killedAt, tenants.Count, after);
            var deadPbxs = sampler.Between(killedOnClock - LiveInterval, clock.Elapsed)
                .Where(f => f.Node == ids[victim] && f.Group == "live").Select(f => PbxOf(f.Trigger)).ToHashSet(StringComparer.Ordinal);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  killed process {victim + 1} (SIGKILL) {killedOnClock.TotalSeconds:0} s after the start: " +
                $"out of the cluster after {(failover.RemovedAfter is { } removed ? $"{removed.TotalSeconds:0.0} s" : $"more than {after.TotalSeconds:0} s")}"));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    PBXs whose live job it fired in the {LiveInterval.TotalSeconds:0} s before the kill: {deadPbxs.Count}; " +
                $"first live point stamped after the kill queryable after: {Spread(deadPbxs.Select(p => failover.ResumedAfter.TryGetValue(p, out var t) ? t : (TimeSpan?)null), deadPbxs.Count)}"));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    all {tenants.Count} PBXs: {Spread(tenants.Select((_, i) => failover.ResumedAfter.TryGetValue(PbxName(i), out var t) ? t : (TimeSpan?)null), tenants.Count)}; " +
                $"longest gap between live points across the kill (PBX clock): {LongestGap(lastBefore, failover.FirstPointAfter):0.0} s"));

            // The survivors, once settled.
            var settleAt = killedAt + SettleAfterKill;
            if (settleAt > DateTimeOffset.UtcNow) await Task.Delay(settleAt - DateTimeOffset.UtcNow);
            var survivors = Enumerable.Range(0, Processes).Where(i => i != victim).ToList();
            var survivorCpuBefore = survivors.ToDictionary(i => i, i => nodes[i].CpuTime());
            var survivorPostgresCpuBefore = PostgresCpu.Of(postgres.ServerProcessId);
            var survivorRequestsBefore = tenants.Sum(t => t.RequestsTo("/xapi/"));
            var survivorStart = clock.Elapsed;
            var rest = killedAt + after - DateTimeOffset.UtcNow;
            await Task.Delay(rest > TimeSpan.FromSeconds(15) ? rest : TimeSpan.FromSeconds(15));
            var survivorElapsed = clock.Elapsed - survivorStart;
            var survivorFirings = sampler.Between(survivorStart, clock.Elapsed);
            var survivorRequests = tenants.Sum(t => t.RequestsTo("/xapi/")) - survivorRequestsBefore;
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  two survivors, {survivorElapsed.TotalSeconds:0} s from {SettleAfterKill.TotalSeconds:0} s after the kill: " +
                $"XAPI requests per PBX per minute {survivorRequests / survivorElapsed.TotalMinutes / tenants.Count:0.0}; " +
                $"PostgreSQL {(PostgresCpu.Of(postgres.ServerProcessId) - survivorPostgresCpuBefore).TotalSeconds / survivorElapsed.TotalSeconds:0.000} cores"));
            foreach (var i in survivors)
                report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"    process {i + 1}: CPU {(nodes[i].CpuTime() - survivorCpuBefore[i]).TotalSeconds / survivorElapsed.TotalSeconds:0.000} cores, " +
                    $"peak RSS {nodes[i].PeakRssBytes() / 1048576.0:0} MiB, firings {Firings(survivorFirings, ids[i])}"));
            report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  jobs seen executing on two nodes at once: {sampler.Overlaps.Count} ({sampler.Samples} samples of qrtz_fired_triggers)"));
            return report.ToString();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            report.AppendLine($"  FAILED: {ex.Message}");
            return report.ToString();
        }
        finally
        {
            // The processes first: a sampler that failed must not leave them running.
            foreach (var node in nodes) await node.DisposeAsync();
            await sampling.CancelAsync();
            await samplerRun;
        }
    }

    static Dictionary<string, string> CollectorEnvironment(IReadOnlyList<SimulatorHost> tenants, Uri influxUrl, string database, string state)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Influx__Url"] = influxUrl.ToString(),
            ["Influx__Database"] = database,
            ["State__Provider"] = "postgres",
            ["State__ConnectionString"] = state,
            ["Schedules__LiveSnapshotInterval"] = "00:00:05",
            ["Schedules__CallLogSyncInterval"] = "00:01:00",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            // The join ("this process is node …") and the wait for another process's join.
            ["Serilog__MinimumLevel__Override__Collector.Cluster"] = "Information",
        };
        for (var i = 0; i < tenants.Count; i++)
        {
            environment[$"Pbxs__{i}__Name"] = PbxName(i);
            environment[$"Pbxs__{i}__BaseUrl"] = tenants[i].BaseUrl.ToString();
            environment[$"Pbxs__{i}__ClientId"] = tenants[i].ClientId;
            environment[$"Pbxs__{i}__ClientSecret"] = tenants[i].ClientSecret;
        }
        return environment;
    }

    /// <summary>The name many-pbxs gives PBX <paramref name="index"/> too.</summary>
    static string PbxName(int index) => $"pbx{index:000}";

    /// <summary>The PBX of a live snapshot's trigger (<c>live-snapshot-NAME</c>).</summary>
    static string PbxOf(string liveTrigger) => liveTrigger.StartsWith("live-snapshot-", StringComparison.Ordinal) ? liveTrigger["live-snapshot-".Length..] : liveTrigger;

    static async Task WaitForEveryPbxLiveAsync(InfluxServer influx, string database, int pbxs, TimeSpan timeout, IReadOnlyList<ClusterNode> nodes)
    {
        var waited = Stopwatch.StartNew();
        while ((await FailoverWatch.LatestLiveAsync(influx, database)).Count < pbxs)
        {
            if (waited.Elapsed > timeout) throw new TimeoutException($"not every PBX had a live point within {timeout.TotalSeconds:0} s of the joins:\n{string.Join("\n---\n", nodes.Select(n => n.Tail))}");
            await Task.Delay(500);
        }
    }

    /// <summary>The <c>collector</c> run points per <c>job</c> tag stamped in [from, to).</summary>
    static async Task<Dictionary<string, long>> RunPointsAsync(InfluxServer influx, string database, DateTimeOffset from, DateTimeOffset to)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var answer = await influx.QueryAsync(database,
            $"SELECT count(duration_ms) FROM collector WHERE time >= {InfluxServer.Nanoseconds(from)} AND time < {InfluxServer.Nanoseconds(to)} GROUP BY job");
        if (!answer.GetProperty("results")[0].TryGetProperty("series", out var series)) return counts;
        foreach (var serie in series.EnumerateArray())
            counts[serie.GetProperty("tags").GetProperty("job").GetString()!] = serie.GetProperty("values")[0][1].GetInt64();
        return counts;
    }

    static string Runs(Dictionary<string, long> runs) => string.Join(", ", runs.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    /// <summary>A node's firings seen executing by trigger group, e.g. <c>412 (live 400, calllog 12)</c>, and how many it claimed in all.</summary>
    static string Firings(IReadOnlyList<FiredTriggerSampler.Firing> firings, string node)
    {
        var own = firings.Where(f => f.Node == node).ToList();
        var ran = own.Where(f => f.Executing).ToList();
        return $"{ran.Count} seen running ({string.Join(", ", ran.GroupBy(f => f.Group).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}) of {own.Count} claimed";
    }

    /// <summary>Median and maximum of the times, and how many are missing (no point within the watch).</summary>
    static string Spread(IEnumerable<TimeSpan?> times, int count)
    {
        var seen = times.Where(t => t is not null).Select(t => t!.Value.TotalSeconds).Order().ToList();
        if (seen.Count == 0) return count == 0 ? "none to wait for" : "none within the watch";
        var missing = count - seen.Count;
        return string.Create(CultureInfo.InvariantCulture, $"median {seen[(seen.Count - 1) / 2]:0.0} s, max {seen[^1]:0.0} s{(missing > 0 ? $", {missing} without one" : "")}");
    }

    /// <summary>The longest span, in seconds of the PBXs' clocks, from a PBX's last live point before the kill to its first after.</summary>
    static double LongestGap(Dictionary<string, DateTimeOffset> before, IReadOnlyDictionary<string, DateTimeOffset> firstAfter) =>
        firstAfter.Where(a => before.ContainsKey(a.Key)).Select(a => (a.Value - before[a.Key]).TotalSeconds).DefaultIfEmpty(0).Max();

    static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static TimeSpan Seconds(string value) => TimeSpan.FromSeconds(double.Parse(value, CultureInfo.InvariantCulture));

    static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
