using System.Globalization;
using System.Runtime.InteropServices;
using Collector.Influx.LineProtocol;

namespace Collector.Bench;

/// <summary>
/// <see cref="OfficialClientBenchmarks"/>' five methods timed by this thread's own CPU time (Linux
/// <c>CLOCK_THREAD_CPUTIME_ID</c>), interleaved in many short rounds, so a busy machine that takes the core away for a
/// while slows no side more than the other (BenchmarkDotNet times the wall clock, one benchmark after the other). Prints
/// per shape the median CPU time per point of each method and the ratios to ours.
/// <code>dotnet run -c Release --project bench/Collector.Bench -- client-cpu [--rounds 40]</code>
/// </summary>
static class ClientCpuRatio
{
    const int Points = 1000;

    public static int Run(string[] args)
    {
        var at = Array.IndexOf(args, "--rounds");
        var rounds = at >= 0 ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : 40;
        Console.WriteLine($"CPU time of this thread per point, median of {rounds} interleaved rounds of {Points} points (ns); theirs / ours in brackets");
        Console.WriteLine("| shape | encode: ours | theirs | build + encode: ours | theirs (`PointData`) | theirs (`Builder`) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var shape in new[] { "call", "queue_call", "agent_call", "queue_live", "agent_live", "collector" })
        {
            var bench = new OfficialClientBenchmarks { Shape = shape };
            bench.Setup();
            Func<int>[] methods = [bench.OursEncode, bench.TheirsEncode, bench.OursBuildAndEncode, bench.TheirsBuildAndEncode, bench.TheirsBuilderBuildAndEncode];
            var samples = methods.Select(_ => new List<double>()).ToArray();
            for (var warm = 0; warm < 5; warm++)
                foreach (var method in methods)
                    method();
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < methods.Length; k++)
                {
                    var i = (k + round) % methods.Length; // rotate the order, so none always runs first
                    var before = ThreadCpuNs();
                    methods[i]();
                    samples[i].Add((ThreadCpuNs() - before) / (double)Points);
                }
            }

            var median = samples.Select(Median).ToArray();
            string Cell(int i, int ours) => string.Create(CultureInfo.InvariantCulture, $"{median[i]:0} ({median[i] / median[ours]:0.0}×)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{shape}` | {median[0]:0} | {Cell(1, 0)} | {median[2]:0} | {Cell(3, 2)} | {Cell(4, 2)} |"));
        }
        return 0;
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    static long ThreadCpuNs()
    {
        if (ClockGetTime(ClockThreadCpuTime, out var time) != 0)
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed (Linux only).");
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }
}
