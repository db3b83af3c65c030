using Collector.Configuration;
using Collector.Grafana;
using Microsoft.Extensions.Configuration;

namespace Collector.Tests.Grafana.Playlist;

/// <summary>The playlist's interval format, the kiosk URL and the <c>Grafana</c> configuration section.</summary>
public class PlaylistPartsTests
{
    [Theory]
    [InlineData(60, "1m")]
    [InlineData(90, "90s")]
    [InlineData(5, "5s")]
    [InlineData(7200, "2h")]
    [InlineData(300, "5m")]
    public void IntervalsAreWrittenInGrafanasLargestWholeUnit(int seconds, string expected) =>
        Assert.Equal(expected, PlaylistSpec.FormatInterval(TimeSpan.FromSeconds(seconds)));

    const string KioskQuery = "?kiosk&_dash.hideVariables=true&_dash.hideLinks=true&_dash.hideTimePicker=true";

    [Theory]
    [InlineData("http://127.0.0.1:3000/", "http://127.0.0.1:3000/playlists/play/ab12" + KioskQuery)]
    [InlineData("https://example.com/grafana/", "https://example.com/grafana/playlists/play/ab12" + KioskQuery)]
    [InlineData("https://example.com/grafana", "https://example.com/grafana/playlists/play/ab12" + KioskQuery)]
    public void TheKioskUrlKeepsGrafanasSubPath(string grafana, string expected) =>
        Assert.Equal(expected, KioskUrl.For(new Uri(grafana), "ab12").ToString());

    [Fact]
    public void TheKioskUrlTurnsOnKioskModeAndHidesTheVariablesLinksAndTimePickerThatGrafana12StillShowsInIt()
    {
        // Grafana 12 reads kiosk mode from a bare `kiosk` or `kiosk=1` only (`kiosk=tv` is ignored), and its kiosk mode
        // hides the menus but not the dashboard's controls: DashboardControls hides those for _dash.hideX = "true" or "".
        var query = KioskUrl.For(new Uri("http://tv.example:3000/"), "ab12").Query.TrimStart('?').Split('&')
            .Select(pair => pair.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length == 2 ? kv[1] : null);

        Assert.Equal(["kiosk", "_dash.hideVariables", "_dash.hideLinks", "_dash.hideTimePicker"], query.Keys);
        Assert.Null(query["kiosk"]);
        Assert.All(query.Where(kv => kv.Key != "kiosk"), kv => Assert.Equal("true", kv.Value));
    }

    [Fact]
    public void WithoutAGrafanaSectionTheDefaultsAreTheWallboardPlaylistOnTheLocalGrafana()
    {
        var grafana = Read([]);

        Assert.Equal(new Uri("http://127.0.0.1:3000/"), grafana.Url);
        Assert.Equal("Wallboard TV", grafana.PlaylistName);
        Assert.Equal(TimeSpan.FromMinutes(1), grafana.PlaylistInterval);
        Assert.Equal(["threecx-wallboard", "threecx-queue-sla"], grafana.Dashboards);
        Assert.False(grafana.HasCredentials);
    }

    [Fact]
    public void PlaylistDashboardsAreReadInListOrder()
    {
        var grafana = Read(new() { ["Grafana:PlaylistDashboards:1"] = "threecx-agents", ["Grafana:PlaylistDashboards:0"] = "threecx-wallboard" });

        Assert.Equal(["threecx-wallboard", "threecx-agents"], grafana.Dashboards);
    }

    [Fact]
    public void TheTokenIsReadFromItsFileAndDescribedWithoutItsValue()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("token"), "file-token-value\n");

        var grafana = Read(new() { ["Grafana:ApiTokenFile"] = directory.File("token") });

        Assert.Equal("file-token-value", grafana.ApiToken);
        Assert.DoesNotContain("file-token-value", grafana.DescribeCredentials());
    }

    [Theory]
    [InlineData("Grafana:PlaylistInterval", "60", "Configuration error: Grafana:PlaylistInterval \"60\" is a bare number")]
    [InlineData("Grafana:PlaylistInterval", "00:00:01", "Configuration error: Grafana:PlaylistInterval 00:00:01 is out of range")]
    [InlineData("Grafana:Url", "grafana:3000", "Configuration error: Grafana:Url \"grafana:3000\" is not an http(s) URL.")]
    [InlineData("Grafana:PlaylistDashboards:0", "wall board", "Configuration error: Grafana:PlaylistDashboards:0 \"wall board\" is not a dashboard uid")]
    [InlineData("Grafana:User", "admin", "Configuration error: Grafana:Password is not set;")]
    [InlineData("Grafana:PlaylistNme", "x", "Configuration error: Grafana:PlaylistNme is not a known setting; did you mean Grafana:PlaylistName?")]
    public void ABadValueStopsWithOneLineNamingTheKey(string key, string value, string expectedStart)
    {
        var error = Assert.Throws<ConfigurationException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void ATokenAndATokenFileTogetherAreRefused()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Read(new() { ["Grafana:ApiToken"] = "a", ["Grafana:ApiTokenFile"] = "/run/secrets/grafana" }));

        Assert.Equal("Configuration error: Grafana:ApiTokenFile and Grafana:ApiToken are both set; set only one.", error.Message);
    }

    static GrafanaOptions Read(Dictionary<string, string?> values) =>
        CollectorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build()).Grafana;
}
