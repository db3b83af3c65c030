using System.Diagnostics;
using System.Globalization;
using Collector.Testing.Truth;
using Simulator.Model;

namespace Collector.Testing.Faults;

/// <summary>
/// The stage of a scenario around <c>collector run</c> (the worker): a simulator running in real time (speed 1) with a
/// steady stream of calls, the suite's influxd with a database of the scenario's own, and the collector's runs with
/// short schedules. A scenario starts the collector, does its damage, then <see cref="FinishAsync"/> lets things settle,
/// waits for the calls the truth says have ended to arrive, stops the collector with SIGTERM and compares.
/// </summary>
sealed class LiveRig : IAsyncDisposable
{
    /// <summary>Calls per hour the PBX gets now, whatever the hour: the simulator's rate is scaled by its traffic profile.</summary>
    const double CallsPerHourNow = 2400;
    /// <summary>The first sync's reach back: short, so the truth is mostly calls that happened while the scenario did its damage.</summary>
    static readonly TimeSpan Lookback = TimeSpan.FromMinutes(5);
    static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(2);
    static readonly TimeSpan ConvergeTimeout = TimeSpan.FromMinutes(2);

    readonly ScenarioContext _context;
    readonly string _name;
    readonly string _database = $"faults_{Guid.NewGuid():N}";
    readonly TempDirectory _folder = new("fault-suite");
    readonly Stopwatch _elapsed = Stopwatch.StartNew();
    readonly CollectorRuns _runs;
    DateTimeOffset? _firstStart;
    int _excused;

    LiveRig(ScenarioContext context, string name, SimulatorChildProcess sim)
    {
        _context = context;
        _name = name;
        Sim = sim;
        var environment = sim.CollectorEnvironment(context.Influx, _database, _folder.File("state.db"));
        environment["Influx__MaxRetryDelay"] = "00:00:05";
        environment["Schedules__CallLogSyncInterval"] = "00:00:05";
        environment["Schedules__LiveSnapshotInterval"] = "00:00:05";
        environment["CallLog__SettleDelay"] = "00:00:05";
        // Ended calls' stretches at the compressed pace of a 5 s sync interval (default 5 min), so the end of a scenario
        // converges within ConvergeTimeout while the deferred reads are still exercised under the faults.
        environment["CallLog__EndedCallsReadInterval"] = "00:00:30";
        environment["CallLog__InitialLookback"] = Lookback.ToString("c", CultureInfo.InvariantCulture);
        environment["Reconcile__Enabled"] = "false";
        _runs = new CollectorRuns(context, environment, new OutputMeter(sim.Secrets));
    }

    public SimulatorChildProcess Sim { get; }

    public InfluxServer Influx => _context.Influx;

    public CollectorProcess? Current { get; private set; }

    /// <summary>Starts the simulator; <paramref name="clockOffset"/> sets its clock that far from this machine's (PBX clock skew).</summary>
    public static async Task<LiveRig> StartAsync(ScenarioContext context, string name, TimeSpan clockOffset = default)
    {
        var start = DateTimeOffset.UtcNow + clockOffset;
        var rate = Math.Min(20000, CallsPerHourNow / Math.Max(0.001, TrafficProfile.Factor(start.UtcTicks)));
        var sim = await SimulatorChildProcess.StartAsync(context.SimulatorDll,
        [
            "--seed", context.Random.Next(1, 10000).ToString(CultureInfo.InvariantCulture), "--speed", "1",
            "--start", SimulatorChildProcess.Iso(start), "--history-days", "0.02",
            "--queues", "4", "--agents", "60", "--calls-per-hour", rate.ToString("F0", CultureInfo.InvariantCulture),
        ]);
        return new LiveRig(context, name, sim);
    }

    /// <summary>Starts <c>collector run</c> (again).</summary>
    public async Task StartCollectorAsync()
    {
        _firstStart ??= await Sim.NowAsync();
        Current = _runs.Start(["run"]);
    }

    /// <summary>Waits until the first call points are in InfluxDB: the initial sync has run.</summary>
    public async Task WarmUpAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < WarmUpTimeout)
        {
            try
            {
                if ((await Influx.ScalarAsync(_database, "SELECT count(call_id) FROM \"call\""))?.GetInt64() > 0) return;
            }
            catch (InvalidOperationException)
            {
                // the database does not exist yet
            }
            await Task.Delay(250);
        }
        _context.Progress($"  {_name}: no call point after {WarmUpTimeout.TotalSeconds:F0} s\n{_runs.Meter.Tail}");
    }

    /// <summary>SIGKILL the running collector and start it again.</summary>
    public async Task KillAndRestartAsync(TimeSpan downFor)
    {
        if (Current is not null) await Current.KillAsync();
        if (downFor > TimeSpan.Zero) await Task.Delay(downFor);
        await StartCollectorAsync();
    }

    /// <summary>
    /// The end of every live scenario: the truth is every call that started from the first sync's reach to now and has
    /// ended after <paramref name="settle"/>; waits (bounded) until each is in InfluxDB, stops the collector with
    /// SIGTERM and counts.
    /// </summary>
    /// <param name="settle">How long to let things settle after the damage.</param>
    /// <param name="skippedByDesign">True for a true call the collector must not write (its row was made unreadable on
    /// purpose: it is quarantined instead); such calls leave the truth and are counted in the details.</param>
    public async Task<ScenarioResult> FinishAsync(TimeSpan settle, Func<TruthCall, bool>? skippedByDesign = null)
    {
        var chaosEnd = await Sim.NowAsync();
        await Task.Delay(settle);
        var from = (_firstStart ?? chaosEnd) - Lookback + TimeSpan.FromMinutes(2);
        var allTruth = await Sim.FinishedCallsAsync(from, chaosEnd);
        var truth = skippedByDesign is null ? allTruth : allTruth.Where(c => !skippedByDesign(c)).ToList();
        _excused = allTruth.Count - truth.Count;
        var waited = Stopwatch.StartNew();
        var counts = await CallLedger.CompareAsync(Influx, _database, truth);
        while (counts.Lost.Count > 0 && waited.Elapsed < ConvergeTimeout && Current is { HasExited: false })
        {
            await Task.Delay(1000);
            counts = await CallLedger.CompareAsync(Influx, _database, truth);
        }
        if (Current is not null) _runs.Ended(Current, await Current.StopAsync());
        counts = await CallLedger.CompareAsync(Influx, _database, truth);
        return await ResultAsync(counts);
    }

    async Task<ScenarioResult> ResultAsync(LedgerCounts counts)
    {
        var meter = _runs.Meter;
        var details = counts.Lost.Count + counts.Doubled.Count == 0 ? "" :
            $"lost e.g. {string.Join(", ", counts.Lost.Take(3))}; doubled e.g. {string.Join(", ", counts.Doubled.Take(3))}";
        if (_excused > 0)
            details = $"{_excused} calls with an unreadable first leg skipped and quarantined by design, not counted" + (details.Length > 0 ? "; " + details : "");
        return new ScenarioResult(_name, counts.Truth, counts.Written, counts.Lost.Count, counts.Doubled.Count, _runs.Crashed, _runs.Count,
            await _runs.PeakRssBytesAsync(), meter.Bytes, meter.Lines, meter.LongestLine, meter.SecretHits, _elapsed.Elapsed, details);
    }

    public async ValueTask DisposeAsync()
    {
        await _runs.DisposeAsync();
        await Sim.DisposeAsync();
        _folder.Dispose();
        try
        {
            if (Influx.ProcessId is not null) await Influx.QueryAsync(_database, $"DROP DATABASE \"{_database}\"");
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException)
        {
            // influxd is not answering; its data goes with its temp folder
        }
    }
}
