using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Collector.Bench.ClusterPbxs;

/// <summary>
/// One <c>dotnet collector.dll run</c> child process of the cluster, configured by environment variables: the node id
/// it logs when it has joined the Quartz cluster (and how long after its start), its CPU time and peak RSS from /proc,
/// and the last lines it wrote (for a failure's message).
/// </summary>
sealed partial class ClusterNode : IAsyncDisposable
{
    const int TailLines = 30;

    readonly Process _process;
    readonly Stopwatch _sinceStart = Stopwatch.StartNew();
    readonly TaskCompletionSource<string> _nodeId = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Queue<string> _tail = new();

    ClusterNode(Process process)
    {
        _process = process;
        Pid = process.Id;
        process.OutputDataReceived += (_, e) => Note(e.Data);
        process.ErrorDataReceived += (_, e) => Note(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid { get; }

    /// <summary>From the start to the line that says this process is a node of the cluster; null until then.</summary>
    public TimeSpan? JoinedAfter { get; private set; }

    /// <summary>Whether it logged that it waited for another process to store its jobs first.</summary>
    public bool Waited { get; private set; }

    public TimeSpan SinceStart => _sinceStart.Elapsed;

    public bool HasExited => _process.HasExited;

    public string Tail
    {
        get
        {
            lock (_tail) return string.Join('\n', _tail);
        }
    }

    public static ClusterNode Start(string collectorDll, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet", [collectorDll, "run"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,   // no appsettings.json of ours
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("Pbxs__", StringComparison.Ordinal) || k.StartsWith("State__", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return new ClusterNode(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>The node id this process logged when it joined the cluster.</summary>
    public Task<string> NodeIdAsync(TimeSpan timeout) => _nodeId.Task.WaitAsync(timeout);

    public TimeSpan CpuTime() => ManyPbxsBenchmark.CpuTime(Pid);

    public long PeakRssBytes() => ManyPbxsBenchmark.PeakRss(Pid);

    /// <summary>SIGKILL: no shutdown code runs, as when the machine loses power.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    void Note(string? line)
    {
        if (line is null) return;
        if (NodeLine().Match(line) is { Success: true } match && _nodeId.TrySetResult(match.Groups[1].Value))
            JoinedAfter = _sinceStart.Elapsed;
        if (line.Contains("Waiting for another collector process", StringComparison.Ordinal)) Waited = true;
        lock (_tail)
        {
            _tail.Enqueue(line.Length > 300 ? line[..300] : line);
            while (_tail.Count > TailLines) _tail.Dequeue();
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

    [GeneratedRegex(@"this process is node (\S+);")]
    private static partial Regex NodeLine();
}
