using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Collector.CallLog.Backfill;
using Collector.CallLog.Normalisation;
using Collector.CallLog.Sync;
using Collector.Configuration;
using Collector.Hosting;
using Collector.Influx.LineProtocol;
using Collector.Influx.Writing;
using Collector.State;
using Collector.Testing;
using Collector.ThreeCx;
using Collector.ThreeCx.Json;
using Collector.ThreeCx.OData;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Collector.Bench.BackfillFloor;

/// <summary>
/// Where a backfill's CPU goes once the network is taken out: the call-log pages a backfill reads (the floor's pages:
/// same windows, margins, <c>$top</c> and overlap) are downloaded from the simulator once and kept in memory, then replayed
/// in this process through the backfill's own steps, each pass adding one step, with the floor's parse beside them:
/// <list type="number">
/// <item><b>floor parse</b>: every page parsed with System.Text.Json into plain row objects (what the floor does, without its HTTP);</item>
/// <item><b>rows</b>: the backfill's reading of each window's rows: pages bound by <see cref="CallLogPageReader"/>, rows
/// deduplicated as the pager does, kept and dropped by the <see cref="SlidingRowReader"/>;</item>
/// <item><b>+ calls</b>: grouped and assembled once each (<see cref="BackfillCalls"/>);</item>
/// <item><b>+ lines</b>: the window writer's stamping and line protocol into the batch (<see cref="CallLogWindowWriter"/>,
/// without the stale-point check, the callback list and the rollups, which need InfluxDB), written to nowhere;</item>
/// <item><b>+ gzip</b>: as before, each batch gzip-compressed as the InfluxDB transport does;</item>
/// <item><b>whole backfill</b>: <see cref="CallLogBackfill"/> as <c>collector backfill</c> composes it, against a real influxd
/// (stale-point check, callback list, rollups, InfluxDB reads and writes, checkpoints), from an empty database each pass.</item>
/// </list>
/// Every pass runs a few times to compile (not counted), then the passes take turns <c>--repeat</c> times; it prints the
/// median process CPU per row of each, the step's own share (the difference to the pass it adds to) and each as a
/// multiple of the floor parse. A step's cost is measured the same way before and after a change, without the 10–20 % of
/// noise between the whole-process runner's rounds (<see cref="FloorComparison"/>); it says nothing about the PBX's HTTP,
/// start-up or the JIT, which the runner covers (docs/benchmarks.md, "Step by step, without the network").
/// <code>dotnet run -c Release --project bench/Collector.Bench -- backfill-stages [--days 28] [--repeat 5] [--only PREFIX] [--variant NAME KEY=VALUE …]</code>
/// <c>--variant</c> (repeatable) adds the whole backfill once more with those settings, e.g. <c>--variant no-callbacks CallLog:CallbackList=false</c>;
/// <c>--only PREFIX</c> keeps the floor parse and the passes whose name starts so (e.g. <c>whole</c>). Needs influxd on the PATH, as the runner does.
/// </summary>
static class StageCost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var days = int.Parse(Option(args, "--days") ?? "28", CultureInfo.InvariantCulture);
        var repeat = int.Parse(Option(args, "--repeat") ?? "5", CultureInfo.InvariantCulture);
        var end = BackfillBenchmark.LastMonday();
        var from = end.AddDays(-days);
        await using var sim = await SimulatorHost.StartAsync("--seed", "11", "--speed", "0", "--start", end.ToString("O", CultureInfo.InvariantCulture),
            "--history-days", days.ToString(CultureInfo.InvariantCulture), "--queues", "5", "--agents", "30", "--calls-per-hour", "150", "--Logging:LogLevel:Default", "Warning");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pbxs:0:Name"] = "bench",
            ["Pbxs:0:BaseUrl"] = sim.BaseUrl.ToString(),
            ["Pbxs:0:ClientId"] = sim.ClientId,
            ["Pbxs:0:ClientSecret"] = sim.ClientSecret,
            ["Influx:Url"] = "http://127.0.0.1:1/",
            ["Influx:Database"] = "unused",
            ["State:ConnectionString"] = "Data Source=:memory:",
        }).Build();
        await using var services = new ServiceCollection().AddCollectorCore(configuration, new HostHooks(), CollectorLogging.Silent).BuildServiceProvider();
        var settings = services.GetRequiredService<CollectorSettings>();
        var pbx = services.GetRequiredService<PbxCallLogs>().For(settings.Pbxs[0]);
        await pbx.SlaTimes.GetAsync(CancellationToken.None);   // read once here, as a backfill does early on

        var pages = await RecordAsync(sim, from, end, settings);
        await using var influxd = await InfluxServer.StartAsync();
        using var folder = new TempDirectory("bench-stages");
        var windows = CallWindow.Split(from, end, CallLogBackfill.DefaultWindow).ToList();
        await using var wholes = new WholeBackfills();
        const string Whole = "whole backfill (+ InfluxDB reads and writes, callbacks, rollups, checkpoints)";
        // Each pass, the pass it adds one step to (its own cost is the difference), and what it runs.
        (string Name, string? AddsTo, Func<Task<long>> Pass)[] steps =
        [
            ("floor parse (System.Text.Json, typed)", null, () => Task.FromResult(FloorParse(pages))),
            ("rows (bind, deduplicate, slide)", null, () => Backfill(pages, windows, pbx, settings, Step.Rows)),
            ("+ calls (group, assemble)", "rows (bind, deduplicate, slide)", () => Backfill(pages, windows, pbx, settings, Step.Calls)),
            ("+ lines (stamp, encode)", "+ calls (group, assemble)", () => Backfill(pages, windows, pbx, settings, Step.Lines)),
            ("+ gzip", "+ lines (stamp, encode)", () => Backfill(pages, windows, pbx, settings, Step.Gzip)),
            (Whole, "+ gzip", wholes.Add(WholeBackfill.Create(pages, configuration, influxd.Url, folder, from, end, [])).RunAsync),
            .. Variants(args).Select(v => ($"whole backfill, {v.Name}", (string?)Whole,
                (Func<Task<long>>)wholes.Add(WholeBackfill.Create(pages, configuration, influxd.Url, folder, from, end, v.Settings)).RunAsync)),
        ];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"backfill-stages: {days} days ending {end:yyyy-MM-dd}, {pages.Sum(p => p.Value.Count):N0} pages ({pages.Sum(p => p.Value.Sum(b => (long)b.Length)) / 1048576.0:F0} MB) in memory, {windows.Count:N0} windows, {repeat} measured rounds of every pass after {WarmUps} to compile"));
        Console.WriteLine("| pass | rows | CPU µs per row (median) | its own step's µs per row | × floor parse | KB allocated per row |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        if (Option(args, "--only") is { } only)   // e.g. --only whole: the floor parse and the passes whose name starts so
            steps = [steps[0], .. steps.Skip(1).Where(s => s.Name.StartsWith(only, StringComparison.Ordinal))];
        // Every pass runs a few times first, so that what they run is compiled at its last tier before anything is timed;
        // then the passes take turns, so that each sees the same machine.
        for (var i = 0; i < WarmUps; i++)
            foreach (var step in steps)
                await step.Pass();
        var rows = new long[steps.Length];
        var cpu = steps.Select(_ => new List<double>()).ToArray();
        var allocated = steps.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < repeat; i++)
        {
            for (var s = 0; s < steps.Length; s++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                var startCpu = self.TotalProcessorTime;
                var startBytes = GC.GetTotalAllocatedBytes(precise: true);
                rows[s] = await steps[s].Pass();
                self.Refresh();
                cpu[s].Add((self.TotalProcessorTime - startCpu).TotalMicroseconds / rows[s]);
                allocated[s].Add((GC.GetTotalAllocatedBytes(precise: true) - startBytes) / 1024.0 / rows[s]);
            }
        }
        var floor = Median(cpu[0]);
        for (var s = 0; s < steps.Length; s++)
        {
            var median = Median(cpu[s]);
            var before = Array.FindIndex(steps, t => t.Name == steps[s].AddsTo);   // -1: a pass of its own (or what it adds to was left out)
            var own = before >= 0 ? median - Median(cpu[before]) : median;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {steps[s].Name} | {rows[s]:N0} | {median:F2} | {own:F2} | {median / floor:F2}× | {Median(allocated[s]):F2} |"));
        }
        return 0;
    }

    const int WarmUps = 3;

    enum Step { Rows, Calls, Lines, Gzip }

    // Every page of every window's read, as the backfill's sliding reader asks for them: keyed by the read's range.
    static async Task<Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>>> RecordAsync(SimulatorHost sim, DateTimeOffset from, DateTimeOffset to, CollectorSettings settings)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseUrl, Timeout = TimeSpan.FromMinutes(10) };
        await http.GetStringAsync("sim/truth/calls");   // run the simulation up to now first
        var token = new FloorCommand.Token(http, sim.ClientId, sim.ClientSecret);
        var top = settings.Xapi.PageSize;
        var overlap = settings.Xapi.PageOverlap;
        var pages = new Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>>();
        foreach (var read in FloorCommand.Reads(from, to, CallLogBackfill.DefaultWindow, settings.CallLog.MaxCallSpan))
        {
            var bodies = pages[(read.From, read.To)] = [];
            for (var skip = 0; ;)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, XapiRoutes.CallLogPage(new CallLogQuery(read.From, read.To), top, skip));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token.GetAsync());
                using var response = await http.SendAsync(request);
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadAsByteArrayAsync();
                bodies.Add(body);
                var count = JsonSerializer.Deserialize(body, FloorJsonContext.Default.FloorPage)?.Value?.Count ?? 0;
                if (count < top) break;
                skip = FloorCommand.NextSkip(skip, top, overlap);
            }
        }
        return pages;
    }

    static long FloorParse(Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>> pages)
    {
        long rows = 0;
        foreach (var list in pages.Values)
            foreach (var body in list)
                rows += JsonSerializer.Deserialize(body, FloorJsonContext.Default.FloorPage)?.Value?.Count ?? 0;
        return rows;
    }

    // One backfill of the recorded history up to the given step, as CallLogBackfill runs it (its batches of a day, 5 000
    // points a write), with nothing read from or written to InfluxDB. Returns the distinct rows read.
    static async Task<long> Backfill(Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>> pages, List<CallWindow> windows, PbxCallLog pbx,
        CollectorSettings settings, Step upTo)
    {
        var source = pbx with { Client = new ReplayClient(pbx.Client, pages), Normaliser = new CallLogNormaliser(NullLogger<CallLogNormaliser>.Instance) };
        var reader = new SlidingRowReader(new CallLogRowFetcher(settings.CallLog.ReportRowLimit, NullLogger.Instance), source, new SkippedRows());
        var calls = new BackfillCalls(source.Normaliser, settings.CallLog.MaxCallSpan);
        var writer = new CallLogWindowWriter(new Nowhere(upTo == Step.Gzip), KpiSettings.From(settings.Sla));
        var batching = new BackfillBatching();
        WindowBatch? batch = null;
        foreach (var window in windows)
        {
            var rows = await reader.ReadAsync(window.RowsToRead(settings.CallLog.MaxCallSpan, DateTimeOffset.MaxValue), CancellationToken.None);
            if (upTo == Step.Rows) continue;
            var seen = calls.For(window, rows);
            if (upTo == Step.Calls) continue;
            if (batch is null || !batch.Covers(window.Start, window.End))
            {
                if (batch is not null) await writer.FlushAsync(batch, CancellationToken.None);
                var batchEnd = window.Start + batching.Span;
                batch = await writer.ReadBatchAsync(source.Name, window.Start, batchEnd < windows[^1].End ? batchEnd : windows[^1].End,
                    settings.CallLog.MaxCallSpan + TimeSpan.FromMinutes(1), batching.PointsPerWrite, CancellationToken.None);
            }
            await writer.WriteCallsAsync(source, window, seen, rows.Count, 0, null, false, CancellationToken.None, batch);
        }
        if (batch is not null) await writer.FlushAsync(batch, CancellationToken.None);
        return reader.RowsFetched;
    }

    /// <summary>
    /// <c>collector backfill</c> as BackfillCommand composes it, with the PBX's call log served from the recorded pages: its
    /// services are built once (so a pass pays no start-up), and each pass first deletes every point of its database and
    /// restarts the range, so that every pass is a first backfill into an empty database.
    /// </summary>
    sealed class WholeBackfill(ServiceProvider services, Uri influx, string database, DateTimeOffset from, DateTimeOffset to) : IAsyncDisposable
    {
        public static WholeBackfill Create(Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>> pages, IConfiguration pbx, Uri influx,
            TempDirectory folder, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<KeyValuePair<string, string?>> extra)
        {
            var name = Guid.NewGuid().ToString("N");
            var configuration = new ConfigurationBuilder().AddConfiguration(pbx).AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Influx:Url"] = influx.ToString(),
                ["Influx:Database"] = $"stages_{name}",
                ["State:ConnectionString"] = $"Data Source={folder.File($"{name}.db")}",
            }).AddInMemoryCollection(extra).Build();
            var collection = new ServiceCollection().AddCollectorCore(configuration, new HostHooks(), CollectorLogging.Silent);
            collection.AddSingleton<IXapiClientFactory>(provider => new ReplayFactory(ActivatorUtilities.CreateInstance<XapiClientFactory>(provider), pages));
            return new WholeBackfill(collection.BuildServiceProvider(), influx, $"stages_{name}", from, to);
        }

        bool _verified;

        public async Task<long> RunAsync()
        {
            var settings = services.GetRequiredService<CollectorSettings>();
            if (!_verified)
                await StatePreflight.VerifyAsync(services.GetRequiredService<StateStore>(), settings.State, TimeProvider.System, CancellationToken.None);
            _verified = true;
            await QueryAsync("DELETE FROM /.*/");
            var result = await services.GetRequiredService<CallLogBackfill>().RunAsync(settings.Pbxs[0], new BackfillRange(from, to, "stages"),
                CallLogBackfill.DefaultWindow, restart: true, progress: null, CancellationToken.None);
            return result.Rows;
        }

        async Task QueryAsync(string statement)
        {
            using var http = new HttpClient { BaseAddress = influx };
            (await http.PostAsync($"query?db={database}&q={Uri.EscapeDataString(statement)}", null)).Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            await QueryAsync($"DROP DATABASE \"{database}\"");
            await services.DisposeAsync();
        }
    }

    /// <summary>The whole-backfill passes of a run, their databases dropped and services disposed at its end.</summary>
    sealed class WholeBackfills : IAsyncDisposable
    {
        readonly List<WholeBackfill> _items = [];

        public WholeBackfill Add(WholeBackfill item)
        {
            _items.Add(item);
            return item;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var item in _items) await item.DisposeAsync();
        }
    }

    sealed class ReplayFactory(XapiClientFactory real, Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>> pages) : IXapiClientFactory, IDisposable
    {
        public IXapiClient Create(PbxConnection pbx) => new ReplayClient(real.Create(pbx), pages);

        public void Dispose() => real.Dispose();
    }

    /// <summary>The PBX client with its call log served from the recorded pages, read as <c>CallLogPager</c> reads them.</summary>
    sealed class ReplayClient(IXapiClient real, Dictionary<(DateTimeOffset, DateTimeOffset), List<byte[]>> pages) : IXapiClient
    {
        public async IAsyncEnumerable<CallLogEntry> GetCallLogAsync(CallLogQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var seen = new HashSet<DistinctRow>();
            var seenUnreadable = new HashSet<string>(StringComparer.Ordinal);
            foreach (var body in pages[(query.PeriodFrom, query.PeriodTo)])
                foreach (var entry in CallLogPageReader.Read(body).Entries)
                    if (entry.Row is { } row ? seen.Add(CallLogRowKey.Distinct(row)) : seenUnreadable.Add(entry.Unreadable!.Key))
                        yield return entry;
            await Task.CompletedTask;
        }

        public Task<TokenInfo> AuthenticateAsync(CancellationToken cancellationToken) => real.AuthenticateAsync(cancellationToken);
        public Task<string?> GetVersionAsync(CancellationToken cancellationToken) => real.GetVersionAsync(cancellationToken);
        public Task<IReadOnlyList<ActiveCall>> GetActiveCallsAsync(CancellationToken cancellationToken) => real.GetActiveCallsAsync(cancellationToken);
        public Task<IReadOnlyList<XapiQueue>> GetQueuesAsync(CancellationToken cancellationToken) => real.GetQueuesAsync(cancellationToken);
        public Task<IReadOnlyList<XapiUser>> GetUsersAsync(CancellationToken cancellationToken) => real.GetUsersAsync(cancellationToken);
        public Task<SystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken) => real.GetSystemStatusAsync(cancellationToken);
        public Task<IReadOnlyList<QueuePerformanceTotals>> GetQueuePerformanceTotalsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
            real.GetQueuePerformanceTotalsAsync(from, to, queueDns, waitInterval, cancellationToken);
        public Task<IReadOnlyList<StatisticSla>> GetStatisticSlaAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
            real.GetStatisticSlaAsync(from, to, queueDns, waitInterval, cancellationToken);
        public Task<IReadOnlyList<AbandonedQueueCall>> GetAbandonedQueueCallsAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan waitInterval, CancellationToken cancellationToken) =>
            real.GetAbandonedQueueCallsAsync(from, to, queueDns, waitInterval, cancellationToken);
        public Task<IReadOnlyList<QueueAnsweredCallByWaitTime>> GetQueueAnsweredCallsByWaitTimeAsync(DateTimeOffset from, DateTimeOffset to, string queueDns, TimeSpan answerInterval, CancellationToken cancellationToken) =>
            real.GetQueueAnsweredCallsByWaitTimeAsync(from, to, queueDns, answerInterval, cancellationToken);
    }

    /// <summary>A writer that takes every batch at once, after gzip-compressing it as the InfluxDB transport does when asked to.</summary>
    sealed class Nowhere(bool gzip) : IInfluxWriter
    {
        public InfluxWriterCounters Counters { get; } = new();

        public Task<InfluxWriteResult> WriteAsync(LineBatch lines, CancellationToken cancellationToken)
        {
            if (gzip && lines.Count > 0)
            {
                var bytes = lines.Slice(0, lines.Count);
                var compressed = new MemoryStream(bytes.Length / 8 + 64);
                using (var stream = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                    stream.Write(bytes.Span);
            }
            return Task.FromResult(new InfluxWriteResult(lines.Count, 0, 1));
        }

        public Task<InfluxWriteResult> WriteWithoutRetryAsync(LineBatch lines, CancellationToken cancellationToken) => WriteAsync(lines, cancellationToken);
    }

    // Each "--variant NAME KEY=VALUE …": the whole backfill once more with those settings (e.g. CallLog:CallbackList=false).
    static IEnumerable<(string Name, List<KeyValuePair<string, string?>> Settings)> Variants(string[] args)
    {
        for (var at = Array.IndexOf(args, "--variant"); at >= 0 && at + 1 < args.Length; at = Array.IndexOf(args, "--variant", at + 1))
            yield return (args[at + 1], args.Skip(at + 2).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal))
                .Select(a => a.Split('=', 2)).Select(kv => new KeyValuePair<string, string?>(kv[0], kv.Length > 1 ? kv[1] : "")).ToList());
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
