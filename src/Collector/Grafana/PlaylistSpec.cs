using System.Globalization;

namespace Collector.Grafana;

/// <summary>The playlist the <c>tv-playlist</c> verb keeps in Grafana: its name, how long each dashboard shows, which ones.</summary>
internal sealed record PlaylistSpec(string Name, TimeSpan Interval, IReadOnlyList<string> DashboardUids)
{
    /// <summary>The interval as Grafana's playlists write it: <c>1m</c>, <c>90s</c>, <c>2h</c> (whole seconds).</summary>
    public string GrafanaInterval => FormatInterval(Interval);

    public static string FormatInterval(TimeSpan interval)
    {
        var seconds = (long)Math.Round(interval.TotalSeconds);
        if (seconds <= 0) throw new ArgumentOutOfRangeException(nameof(interval), interval, "A playlist interval is at least one second.");
        return seconds % 3600 == 0 ? Invariant($"{seconds / 3600}h")
            : seconds % 60 == 0 ? Invariant($"{seconds / 60}m")
            : Invariant($"{seconds}s");
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
