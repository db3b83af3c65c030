namespace Collector.Grafana;

/// <summary>
/// The address a TV opens to play a playlist full screen:
/// <c>&lt;grafana&gt;/playlists/play/&lt;uid&gt;?kiosk&amp;_dash.hideVariables=true&amp;_dash.hideLinks=true&amp;_dash.hideTimePicker=true</c>.
/// </summary>
/// <remarks>
/// Grafana 12's kiosk mode hides its menus only: a bare <c>kiosk</c> (or <c>kiosk=1</c>) turns it on, any other value
/// (the old <c>kiosk=tv</c>) is ignored. The variable bar, the dashboard links and the time picker are the dashboard's own
/// controls, hidden by the <c>_dash.hide…</c> parameters, which the playlist carries from one dashboard to the next.
/// </remarks>
internal static class KioskUrl
{
    /// <summary>The query string after <c>?</c>.</summary>
    public const string Query = "kiosk&_dash.hideVariables=true&_dash.hideLinks=true&_dash.hideTimePicker=true";

    public static Uri For(Uri grafana, string playlistUid)
    {
        ArgumentNullException.ThrowIfNull(grafana);
        var root = grafana.AbsoluteUri.EndsWith('/') ? grafana.AbsoluteUri : grafana.AbsoluteUri + "/";
        return new Uri($"{root}playlists/play/{Uri.EscapeDataString(playlistUid)}?{Query}");
    }
}
