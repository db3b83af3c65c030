using System.Text.Json.Nodes;
using Collector.Tests.Support;

namespace Collector.Tests.Grafana.Playlist;

/// <summary><c>collector tv-playlist</c> against a fake of Grafana's playlist API over real HTTP on 127.0.0.1.</summary>
public sealed class PlaylistCommandTests : IAsyncLifetime
{
    const string Token = "test-token-for-the-fake-grafana";
    const string KioskQuery = "?kiosk&_dash.hideVariables=true&_dash.hideLinks=true&_dash.hideTimePicker=true";
    FakeGrafana _grafana = null!;

    public async Task InitializeAsync() =>
        _grafana = await FakeGrafana.StartAsync($"Bearer {Token}", "threecx-wallboard", "threecx-queue-sla");

    public async Task DisposeAsync() => await _grafana.DisposeAsync();

    CliRun Cli() => new CliRun()
        .With("Grafana:Url", _grafana.Url.ToString())
        .With("Grafana:ApiToken", Token);

    [Fact]
    public async Task TheFirstRunCreatesTheWallboardPlaylistAndPrintsItsKioskUrl()
    {
        var outcome = await Cli().InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Error);
        var (uid, playlist) = Assert.Single(_grafana.Playlists);
        Assert.Equal("Wallboard TV", (string)playlist["name"]!);
        Assert.Equal("1m", (string)playlist["interval"]!);
        Assert.Equal(
            ["dashboard_by_uid threecx-wallboard 1", "dashboard_by_uid threecx-queue-sla 2"],
            Items(playlist));
        Assert.Contains($"Created the Grafana playlist \"Wallboard TV\" (uid {uid})", outcome.Out);
        Assert.Contains($"  {_grafana.Url}playlists/play/{uid}{KioskQuery}\n", outcome.Out.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("kiosk=", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASecondRunUpdatesTheSamePlaylistAndNeverAddsADuplicate()
    {
        await Cli().InvokeAsync("tv-playlist");
        var uid = Assert.Single(_grafana.Playlists).Key;

        var outcome = await Cli()
            .With("Grafana:PlaylistInterval", "00:00:30")
            .With("Grafana:PlaylistDashboards:0", "threecx-wallboard")
            .InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        var (sameUid, playlist) = Assert.Single(_grafana.Playlists);
        Assert.Equal(uid, sameUid);
        Assert.Equal("30s", (string)playlist["interval"]!);
        Assert.Equal(["dashboard_by_uid threecx-wallboard 1"], Items(playlist));
        Assert.Contains($"Updated the Grafana playlist \"Wallboard TV\" (uid {uid})", outcome.Out);
        Assert.Single(_grafana.Requests, r => r.StartsWith("POST /api/playlists", StringComparison.Ordinal));
        Assert.Single(_grafana.Requests, r => r == $"PUT /api/playlists/{uid}");
    }

    [Fact]
    public async Task WhenSeveralPlaylistsAlreadyShareTheNameTheFirstIsUpdatedAndTheOthersAreReported()
    {
        var first = _grafana.Seed("Wallboard TV");
        var second = _grafana.Seed("wallboard tv");

        var outcome = await Cli().InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, _grafana.Playlists.Count);
        Assert.Equal(["dashboard_by_uid threecx-wallboard 1", "dashboard_by_uid threecx-queue-sla 2"], Items(_grafana.Playlists[first]));
        Assert.Empty(Items(_grafana.Playlists[second]));
        Assert.Contains($"Warning: 2 playlists are named \"Wallboard TV\" (uids {first}, {second}); updated {first}.", outcome.Error);
        Assert.Contains($"playlists/play/{first}{KioskQuery}", outcome.Out);
    }

    [Fact]
    public async Task APlaylistWhoseNameMerelyContainsTheConfiguredNameIsLeftAlone()
    {
        var other = _grafana.Seed("Wallboard TV (old)", "5m", "threecx-agents");

        var outcome = await Cli().InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(2, _grafana.Playlists.Count);
        Assert.Equal(["dashboard_by_uid threecx-agents 1"], Items(_grafana.Playlists[other]));
        Assert.Contains("Created the Grafana playlist", outcome.Out);
    }

    [Fact]
    public async Task ARefusedTokenEndsInAClearMessageThatNeverRepeatsTheToken()
    {
        _grafana.Authorization = "Bearer some-other-token";

        var outcome = await Cli().InvokeAsync("tv-playlist");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("refused the credentials (401 Unauthorized)", outcome.Error);
        Assert.Contains("Service accounts", outcome.Error);
        Assert.Contains("Grafana__ApiToken", outcome.Error);
        Assert.DoesNotContain(Token, outcome.Out + outcome.Error);
        Assert.Empty(_grafana.Playlists);
    }

    [Fact]
    public async Task WithoutCredentialsTheVerbNamesTheSettingAndExitsWithTheConfigurationCode()
    {
        var outcome = await new CliRun().With("Grafana:Url", _grafana.Url.ToString()).InvokeAsync("tv-playlist");

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith("Configuration error: Grafana:ApiToken is not set;", outcome.Error);
        Assert.Empty(_grafana.Requests);
    }

    [Fact]
    public async Task AUserAndPasswordAreSentAsBasicAuthentication()
    {
        _grafana.Authorization = "Basic " + Convert.ToBase64String("tv-admin:pa:ss"u8.ToArray());

        var outcome = await new CliRun()
            .With("Grafana:Url", _grafana.Url.ToString())
            .With("Grafana:User", "tv-admin")
            .With("Grafana:Password", "pa:ss")
            .InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Single(_grafana.Playlists);
        Assert.DoesNotContain("pa:ss", outcome.Out + outcome.Error);
    }

    [Fact]
    public async Task ADashboardGrafanaDoesNotHaveIsReportedButKeptInThePlaylist()
    {
        _grafana.Dashboards.Remove("threecx-queue-sla");

        var outcome = await Cli().InvokeAsync("tv-playlist");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Warning: Grafana has no dashboard with uid \"threecx-queue-sla\"", outcome.Error);
        Assert.Equal(2, Items(Assert.Single(_grafana.Playlists).Value).Length);
    }

    [Fact]
    public async Task ThePrintedKioskUrlUsesThePublicAddressWhenOneIsSet()
    {
        var outcome = await Cli().With("Grafana:PublicUrl", "http://wallboard.example:3000/grafana").InvokeAsync("tv-playlist");

        var uid = Assert.Single(_grafana.Playlists).Key;
        Assert.Contains($"  http://wallboard.example:3000/grafana/playlists/play/{uid}{KioskQuery}", outcome.Out);
    }

    [Fact]
    public async Task AnUnreachableGrafanaIsNamedWithItsAddress()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var outcome = await new CliRun().With("Grafana:Url", closed.ToString()).With("Grafana:ApiToken", Token).InvokeAsync("tv-playlist");

        Assert.Equal(1, outcome.ExitCode);
        Assert.StartsWith($"Grafana is not reachable at {closed}", outcome.Error);
    }

    static string[] Items(JsonObject playlist) => ((JsonArray)playlist["items"]!)
        .Select(i => $"{(string)i!["type"]!} {(string)i["value"]!} {(int)i["order"]!}")
        .ToArray();
}
