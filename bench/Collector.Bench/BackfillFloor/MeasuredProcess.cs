using System.Diagnostics;
using System.Globalization;

namespace Collector.Bench.BackfillFloor;

/// <summary>What one whole process cost: wall time, user + system CPU time and peak resident memory, and its output.</summary>
sealed record ProcessCost(TimeSpan Wall, TimeSpan User, TimeSpan System, long PeakRssBytes, string Stdout)
{
    public TimeSpan Cpu => User + System;
}

/// <summary>
/// Runs a process to its end under GNU time (<c>/usr/bin/time</c>), which reads the kernel's own account of the child
/// when it exits (<c>wait4</c>'s rusage): exact CPU and peak RSS, nothing sampled, and no cost to the process measured.
/// </summary>
static class MeasuredProcess
{
    public const string GnuTime = "/usr/bin/time";

    public static async Task<ProcessCost> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string> environment, string workingDirectory)
    {
        if (!File.Exists(GnuTime))
            throw new InvalidOperationException($"{GnuTime} (GNU time) is needed to measure whole processes: apt-get install time");
        var report = Path.Combine(workingDirectory, "time.txt");
        var start = new ProcessStartInfo(GnuTime, ["-f", "%e %U %S %M", "-o", report, file, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(args.FirstOrDefault() ?? file)} exited {process.ExitCode}: {await stderr}\n{await stdout}");
        // The last line: "elapsed user system maxrss-KiB" (earlier lines would be a "Command exited with …" note).
        var fields = (await File.ReadAllLinesAsync(report)).Last(l => l.Length > 0).Split(' ');
        double F(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture);
        return new ProcessCost(TimeSpan.FromSeconds(F(0)), TimeSpan.FromSeconds(F(1)), TimeSpan.FromSeconds(F(2)), (long)F(3) * 1024, await stdout);
    }
}
