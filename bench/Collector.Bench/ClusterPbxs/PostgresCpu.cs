using System.Globalization;

namespace Collector.Bench.ClusterPbxs;

/// <summary>
/// The CPU time PostgreSQL has used: its main process's user + system time, that of its children that have exited
/// (<c>cutime</c>, <c>cstime</c>), and that of its children now running (one per connection, plus its own workers),
/// all from /proc (clock ticks, USER_HZ = 100).
/// </summary>
static class PostgresCpu
{
    public static TimeSpan Of(int postmasterPid)
    {
        var main = Fields(postmasterPid);
        var ticks = main is null ? 0 : Ticks(main, 11) + Ticks(main, 12) + Ticks(main, 13) + Ticks(main, 14);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            // After the ")": state [0], ppid [1], …, utime [11], stime [12], cutime [13], cstime [14] (fields 3, 4, 14–17 of proc(5)).
            if (Fields(pid) is { } child && Ticks(child, 1) == postmasterPid)
                ticks += Ticks(child, 11) + Ticks(child, 12);
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    static string[]? Fields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;   // gone meanwhile
        }
    }

    static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
