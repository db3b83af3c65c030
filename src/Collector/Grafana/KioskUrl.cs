namespace Collector.Grafana;

/// <summary>The address a TV opens to play a playlist full screen: <c>&lt;grafana&gt;/playlists/play/&lt;uid&gt;?kiosk</c>.</summary>
public static class KioskUrl
{
    public static Uri For(Uri grafana, string playlistUid)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        var root = grafana.AbsoluteUri.EndsWith('/') ? grafana.AbsoluteUri : grafana.AbsoluteUri + "/";
        return new Uri($"{root}playlists/play/{Uri.EscapeDataString(playlistUid)}?kiosk");
    }
}
