using System.Diagnostics;
using System.Globalization;

namespace Collector.Bench;

/// <summary>
/// Samples a child process's CPU time and peak resident memory from <c>/proc</c> (Linux) until it exits. The last
/// sample is at most one interval before the exit, so a multi-second run loses well under 1 % of its CPU time.
/// </summary>
sealed class BackfillProcessMonitor
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    static readonly double TicksPerSecond = 100;   // USER_HZ: 100 on Linux

    public TimeSpan CpuTime { get; private set; }

    /// <summary>VmHWM: the most resident memory the process ever had.</summary>
    public long PeakWorkingSetBytes { get; private set; }

    public async Task WatchAsync(Process process)
    {
        var stat = $"/proc/{process.Id}/stat";
        var status = $"/proc/{process.Id}/status";
        while (!process.HasExited)
        {
            try
            {
                var fields = (await File.ReadAllTextAsync(stat)).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                // After the ")": state is [0], utime [11], stime [12] (fields 14 and 15 of proc(5)).
                CpuTime = TimeSpan.FromSeconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond);
                var hwm = (await File.ReadAllLinesAsync(status)).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (hwm is not null)
                    PeakWorkingSetBytes = long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or FormatException)
            {
                // the process is exiting
            }
            await Task.Delay(Interval);
        }
    }
}
