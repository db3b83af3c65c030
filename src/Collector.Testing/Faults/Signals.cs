using System.Globalization;

namespace Collector.Testing.Faults;

/// <summary>Sends a POSIX signal to one process by its id with <c>kill -SIGNAL PID</c>.</summary>
static class Signals
{
    public static async Task SendAsync(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)])
            ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync();
    }
}
