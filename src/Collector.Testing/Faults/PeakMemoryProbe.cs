using System.Diagnostics;
using System.Globalization;

namespace Collector.Testing.Faults;

/// <summary>
/// Samples a child process's peak resident memory (VmHWM in <c>/proc/PID/status</c>, Linux) until it exits. VmHWM is
/// the kernel's own high-water mark, so sampling only has to catch the last value before the exit.
/// </summary>
static class PeakMemoryProbe
{
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Completes with the highest VmHWM seen (0 where /proc is not there).</summary>
    public static async Task<long> WatchAsync(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                var hwm = (await File.ReadAllLinesAsync(status)).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (hwm is not null)
                    peak = Math.Max(peak, long.Parse(hwm.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or FormatException)
            {
                // the process is exiting (or this is not Linux)
            }
            await Task.Delay(Interval);
        }
        return peak;
    }
}
