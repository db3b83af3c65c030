namespace Collector.Testing.Faults;

/// <summary>
/// Every run of the collector in one scenario, with one configuration and one output meter: starts them, remembers how
/// each ended, and tells the scenario's crashes, runs and peak memory.
/// </summary>
sealed class CollectorRuns(ScenarioContext context, IReadOnlyDictionary<string, string> environment, OutputMeter meter) : IAsyncDisposable
{
    readonly List<Run> _runs = [];

    public OutputMeter Meter { get; } = meter;

    public int Count => _runs.Count;

    public CollectorProcess Start(IReadOnlyList<string> args, Action<string>? onOutputLine = null)
    {
        var process = CollectorProcess.Start(context.CollectorDll, args, environment, Meter, onOutputLine);
        _runs.Add(new Run(process));
        return process;
    }

    /// <summary>Records how a run ended on its own or by SIGTERM; <paramref name="expectedExitCode"/> is no crash.</summary>
    public void Ended(CollectorProcess process, ExitOutcome outcome, int expectedExitCode = 0)
    {
        var run = _runs.Single(r => r.Process == process);
        run.Outcome = outcome;
        run.Expected = expectedExitCode;
        if (outcome.Problem is not null || outcome.ExitCode != expectedExitCode)
            context.Progress($"  collector run {_runs.IndexOf(run) + 1} ended with exit {outcome.ExitCode} {outcome.Problem}\n{Meter.Tail}");
    }

    /// <summary>Runs that ended otherwise than expected (runs killed on purpose excepted), plus reported unhandled exceptions.</summary>
    public int Crashed => _runs.Count(r => !r.Process.KilledByUs && (r.Outcome is null || r.Outcome.Problem is not null || r.Outcome.ExitCode != r.Expected))
        + Meter.UnhandledExceptions;

    /// <summary>The highest peak resident memory of any run (once all have exited).</summary>
    public async Task<long> PeakRssBytesAsync()
    {
        long peak = 0;
        foreach (var run in _runs) peak = Math.Max(peak, await run.Process.PeakRssBytesAsync());
        return peak;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs) await run.Process.DisposeAsync();
    }

    sealed class Run(CollectorProcess process)
    {
        public CollectorProcess Process { get; } = process;
        public ExitOutcome? Outcome { get; set; }
        public int Expected { get; set; }
    }
}
