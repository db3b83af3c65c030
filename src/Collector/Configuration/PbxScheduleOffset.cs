using System.Text;

namespace Collector.Configuration;

/// <summary>
/// Where in each interval a PBX's jobs fire: a stable offset from a hash of the PBX's name, so that 100 PBXs polled
/// every 5 s do not all fire on the same second (and a restart keeps each PBX in its slot). A job every
/// <c>interval</c> fires at the instants whose distance from the Unix epoch, modulo the interval, is the PBX's offset.
/// </summary>
internal static class PbxScheduleOffset
{
    /// <summary>The offset of <paramref name="pbx"/> within <paramref name="interval"/>: in [0, interval), to the millisecond.</summary>
    public static TimeSpan Within(string pbx, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(pbx);
        var milliseconds = (long)interval.TotalMilliseconds;
        if (milliseconds <= 1) return TimeSpan.Zero;
        return TimeSpan.FromMilliseconds((long)(Hash(pbx) % (ulong)milliseconds));
    }

    /// <summary>The first instant at or after <paramref name="now"/> that is in <paramref name="pbx"/>'s slot of <paramref name="interval"/>.</summary>
    public static DateTimeOffset FirstFire(string pbx, TimeSpan interval, DateTimeOffset now)
    {
        var intervalTicks = interval.Ticks;
        if (intervalTicks <= 0) return now;
        var phase = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % intervalTicks;
        var wait = (Within(pbx, interval).Ticks - phase + intervalTicks) % intervalTicks;
        return now.ToUniversalTime().AddTicks(wait);
    }

    /// <summary>64-bit FNV-1a of the UTF-8 name, mixed (splitmix64's finaliser) so that similar names land far apart.</summary>
    static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
