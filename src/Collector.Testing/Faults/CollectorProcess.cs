using System.Diagnostics;

namespace Collector.Testing.Faults;

/// <summary>
/// One run of the built collector (<c>dotnet collector.dll VERB …</c>, configured through environment variables) as a
/// child process: its output goes to an <see cref="OutputMeter"/> (and each standard-output line to an optional
/// callback), its peak memory is sampled, and it can be killed (SIGKILL) or stopped as a service manager would (SIGTERM).
/// </summary>
sealed class CollectorProcess : IAsyncDisposable
{
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(40);

    readonly Process _process;
    readonly Task<long> _peak;
    readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    CollectorProcess(Process process, OutputMeter meter, Action<string>? onOutputLine)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _stdoutClosed.TrySetResult(); return; }
            meter.Note(e.Data);
            onOutputLine?.Invoke(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { _stderrClosed.TrySetResult(); return; }
            meter.Note(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _peak = PeakMemoryProbe.WatchAsync(process);
    }

    /// <summary>Whether this run was ended by a SIGKILL of ours (so its exit code is no crash).</summary>
    public bool KilledByUs { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>Completes when the process has exited, by itself or not.</summary>
    public Task Exited => _process.WaitForExitAsync();

    public static CollectorProcess Start(string collectorDll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment,
        OutputMeter meter, Action<string>? onOutputLine = null)
    {
        var start = new ProcessStartInfo("dotnet", [collectorDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the suite's folder, whose appsettings.json the collector would read.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Pbxs__", StringComparison.Ordinal) || k.StartsWith("Influx__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new CollectorProcess(process, meter, onOutputLine);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power or the OOM killer strikes.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        KilledByUs = true;
        _process.Kill(entireProcessTree: true);
        await WaitAsync(StopGrace);
    }

    /// <summary>SIGTERM, then waits for the exit (SIGKILL after a grace, which counts as a crash: it did not stop).</summary>
    public async Task<ExitOutcome> StopAsync()
    {
        if (!_process.HasExited) await Signals.SendAsync(_process.Id, "TERM");
        if (!await WaitAsync(StopGrace))
        {
            _process.Kill(entireProcessTree: true);
            await WaitAsync(StopGrace);
            return new ExitOutcome(-1, $"did not stop within {StopGrace.TotalSeconds:F0} s of SIGTERM");
        }
        return Outcome();
    }

    /// <summary>Waits for the process to end by itself (or kills it after <paramref name="timeout"/>).</summary>
    public async Task<ExitOutcome> WaitForExitAsync(TimeSpan timeout)
    {
        if (await WaitAsync(timeout)) return Outcome();
        _process.Kill(entireProcessTree: true);
        await WaitAsync(StopGrace);
        return new ExitOutcome(-1, $"did not finish within {timeout.TotalSeconds:F0} s");
    }

    /// <summary>The peak resident memory of this run (final once it has exited).</summary>
    public async Task<long> PeakRssBytesAsync() => _process.HasExited ? await _peak : 0;

    ExitOutcome Outcome() => new(_process.ExitCode, null);

    async Task<bool> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            return _process.HasExited;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitAsync(StopGrace);
        }
        await _peak;
        _process.Dispose();
    }
}

/// <summary>How a run ended: its exit code, or why it had to be killed.</summary>
sealed record ExitOutcome(int ExitCode, string? Problem);
