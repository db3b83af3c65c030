using System.Text.RegularExpressions;
using Collector.Tests.Grafana.Alerting;
using Collector.Tests.Support;
using YamlDotNet.Serialization;

namespace Collector.Tests.Demo;

/// <summary>
/// docker-compose.yml, .env.example and the Dockerfile hang together (CI also runs
/// <c>docker-compose -f docker-compose.yml --env-file .env.example config -q</c>; no Docker engine runs here).
/// </summary>
public partial class DockerComposeTests
{
    static readonly Dictionary<object, object> Compose = (Dictionary<object, object>)new DeserializerBuilder().Build()
        .Deserialize<object>(RepositoryFiles.ReadAllText("docker-compose.yml"))!;

    static Dictionary<object, object> Services => Map(Compose["services"]);

    static Dictionary<object, object> Service(string name) => Map(Services[name]);

    [Fact]
    public void TheServicesAreInfluxDbGrafanaTheCollectorAndTheDemoSimulator()
    {
        Assert.Equal(["collector", "grafana", "influxdb", "simulator"], Services.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(["demo"], List(Service("simulator")["profiles"]));
        Assert.All(new[] { "influxdb", "grafana", "collector" }, name => Assert.False(Service(name).ContainsKey("profiles")));
    }

    [Fact]
    public void ImagesArePinnedToAVersion()
    {
        Assert.Equal("influxdb:1.8", Service("influxdb")["image"]);
        Assert.Matches(@"^grafana/grafana(-oss)?:\d+\.\d+\.\d+$", (string)Service("grafana")["image"]);
        Assert.All(Services.Values.Select(Map), service =>
        {
            var image = (string)service["image"];
            Assert.Contains(':', image);
            Assert.DoesNotContain(":latest", image);
        });
    }

    [Fact]
    public void InfluxDbAndGrafanaHaveHealthChecksAndTheCollectorWaitsForAHealthyInfluxDb()
    {
        Assert.Contains("http://127.0.0.1:8086/ping", string.Join(" ", List(Map(Service("influxdb")["healthcheck"])["test"])));
        Assert.Contains("http://127.0.0.1:3000/api/health", string.Join(" ", List(Map(Service("grafana")["healthcheck"])["test"])));
        Assert.Equal("service_healthy", Map(Map(Service("collector")["depends_on"])["influxdb"])["condition"]);
        Assert.All(Services.Values.Select(Map), service => Assert.Equal("unless-stopped", service["restart"]));
    }

    [Fact]
    public void EveryBindMountPointsAtAnExistingRepositoryPathAndGrafanasAreReadOnly()
    {
        var binds = Services.Values.Select(Map).Where(s => s.ContainsKey("volumes"))
            .SelectMany(s => List(s["volumes"])).Where(v => v.StartsWith("./", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(binds);
        foreach (var bind in binds)
        {
            var source = bind.Split(':')[0][2..];
            Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), $"{bind}: {source} does not exist");
            Assert.EndsWith(":ro", bind);
        }
        var grafana = List(Service("grafana")["volumes"]);
        Assert.Contains("./grafana/provisioning:/etc/grafana/provisioning:ro", grafana);
        Assert.Contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro", grafana);
        Assert.Contains("./grafana/runbooks/alerts.html:/usr/share/grafana/public/runbooks/alerts.html:ro", grafana);
        Assert.Contains("influxdb-data:/var/lib/influxdb", List(Service("influxdb")["volumes"]));
        Assert.Contains("collector-state:/var/lib/collector", List(Service("collector")["volumes"]));
    }

    [Fact]
    public void OnlyGrafanaPublishesAPortAndOnLoopbackUnlessConfigured()
    {
        Assert.Equal(["${GRAFANA_BIND:-127.0.0.1}:${GRAFANA_PORT:-3000}:3000"], List(Service("grafana")["ports"]));
        Assert.All(new[] { "influxdb", "collector", "simulator" }, name => Assert.False(Service(name).ContainsKey("ports")));
    }

    [Fact]
    public void TheCollectorWritesToTheComposeInfluxDbAndTheDemoPointsItAtTheSimulator()
    {
        var collector = Map(Service("collector")["environment"]);
        var simulator = Service("simulator");

        Assert.Equal("http://influxdb:8086", collector["Influx__Url"]);
        Assert.Equal("${PBX_BASE_URL:-http://simulator:5080/}", collector["Pbxs__0__BaseUrl"]);
        Assert.Equal(["--urls", "http://0.0.0.0:5080", "--speed", "1", "--history-days", "1"], List(simulator["command"]));
        Assert.Equal(Map(simulator["environment"])["SIM_CLIENT_SECRET"], collector["Pbxs__0__ClientSecret"]);
        Assert.Equal("http://simulator:5080/", ComposeFile.EnvExample()["PBX_BASE_URL"]);
    }

    [Fact]
    public void SecretsComeFromTheEnvironmentFileOnly()
    {
        foreach (var (service, definition) in Services.Select(kv => ((string)kv.Key, Map(kv.Value))))
        {
            if (!definition.TryGetValue("environment", out var environment)) continue;
            foreach (var (key, value) in Map(environment).Select(kv => ((string)kv.Key, (string)kv.Value)))
                if (SecretKey().IsMatch(key))
                    Assert.True(EnvironmentReference().IsMatch(value), $"{service}.{key} must be ${{VAR}}, ${{VAR:?…}}, ${{VAR:-}} or ${{VAR:-http://127.0.0.1:…}}, not {value}");
        }
    }

    [Fact]
    public void TheEnvironmentExampleDefinesEveryVariableTheComposeFileReads()
    {
        var used = Variable().Matches(RepositoryFiles.ReadAllText("docker-compose.yml")).Select(m => m.Groups[1].Value).ToHashSet();
        var defined = ComposeFile.EnvExample();

        Assert.Empty(used.Except(defined.Keys));
        Assert.Empty(defined.Keys.Except(used));
        Assert.Equal("change-me", defined["GRAFANA_ADMIN_PASSWORD"]);
    }

    [Fact]
    public void GrafanaGetsEveryVariableItsProvisioningFilesRead()
    {
        var environment = Map(Service("grafana")["environment"]).Keys.Cast<string>().ToHashSet();
        var files = Directory.GetFiles(RepositoryFiles.PathOf("grafana/provisioning"), "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith("rules.yaml", StringComparison.Ordinal));   // rule queries and templates are not interpolated

        var read = files.SelectMany(f => File.ReadAllLines(f).Where(l => !l.TrimStart().StartsWith('#')))
            .SelectMany(l => ProvisioningVariable().Matches(l).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.Contains("SLACK_WEBHOOK_URL", read);
        Assert.Contains("ALERT_EMAILS", read);
        Assert.Empty(read.Except(environment));
    }

    [Fact]
    public void TheImagesAreBuiltFromTheDotNet10ImagesWithTheCollectorAsTheDefaultTargetAndRunAsANonRootUser()
    {
        var stages = DockerfileStages();

        Assert.Equal(
            ["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS simulator", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"],
            stages.Select(s => s.From));
        Assert.All(stages.Skip(1), stage => Assert.Equal("USER app", stage.Lines.Last(l => l.StartsWith("USER ", StringComparison.Ordinal))));
        Assert.Equal("ENTRYPOINT [\"collector\"]", stages[^1].Lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
        Assert.Equal("ENTRYPOINT [\"/app/threecx-simulator\"]", Stage("simulator").Lines.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
        foreach (var copy in stages.SelectMany(s => s.Lines).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
                Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source.TrimEnd('/'))), $"{copy}: {source} is missing");
        Assert.Contains(".env", File.ReadAllLines(RepositoryFiles.PathOf(".dockerignore")));
    }

    [Fact]
    public void EveryImageHasOneServiceThatBuildsItAndNoOtherServiceSharesItsTag()
    {
        var built = Services.Where(kv => Map(kv.Value).ContainsKey("build")).ToDictionary(kv => (string)kv.Key, kv => Map(kv.Value));

        Assert.Equal(["collector", "simulator"], built.Keys.Order(StringComparer.Ordinal));
        var tags = Services.Values.Select(Map).Select(s => (string)s["image"]).ToList();
        Assert.Equal(tags.Count, tags.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(".", built["collector"]["build"]);   // the Dockerfile's last stage: the collector
        var simulatorBuild = Map(built["simulator"]["build"]);
        Assert.Equal(".", simulatorBuild["context"]);
        Assert.Equal("simulator", simulatorBuild["target"]);
        Assert.NotNull(Stage("simulator"));
        Assert.Equal("threecx-collector:local", Service("collector")["image"]);
        Assert.Equal("threecx-simulator:local", Service("simulator")["image"]);
        Assert.False(Service("simulator").ContainsKey("entrypoint"), "the simulator image's own ENTRYPOINT starts it");
    }

    [Fact]
    public void TheSimulatorImageHasNoStateVolumeAndTheCollectorsStateLivesInItsVolumeOwnedByItsUser()
    {
        var simulator = Stage("simulator");
        var runtime = Stage("runtime");

        Assert.DoesNotContain(simulator.Lines, l => l.StartsWith("VOLUME", StringComparison.Ordinal));
        Assert.DoesNotContain(simulator.Lines, l => l.Contains("/var/lib/collector", StringComparison.Ordinal));
        Assert.False(Service("simulator").ContainsKey("volumes"));

        Assert.Contains("VOLUME [\"/var/lib/collector\"]", runtime.Lines);
        Assert.Contains("RUN mkdir -p /var/lib/collector && chown app:app /var/lib/collector", runtime.Lines);
        Assert.Contains("State__ConnectionString=\"Data Source=/var/lib/collector/collector-state.db\"", string.Join(" ", runtime.Lines));
        Assert.Contains("collector-state:/var/lib/collector", List(Service("collector")["volumes"]));
    }

    [Fact]
    public async Task TheSimulatorsHealthCheckNeedsOnlyBashAndPassesAgainstARunningSimulator()
    {
        var test = List(Map(Service("simulator")["healthcheck"])["test"]);
        Assert.Equal(["CMD", "bash", "-c"], test[..3]);
        var script = test[3];
        Assert.DoesNotContain("curl", script);
        Assert.DoesNotContain("wget", script);
        Assert.Contains("/dev/tcp/127.0.0.1/5080", script);
        Assert.Equal("http://0.0.0.0:5080", List(Service("simulator")["command"])[1]);

        await using var sim = await SimulatorHost.StartAsync();
        Assert.Equal(0, await BashAsync(script.Replace("/5080", $"/{sim.BaseUrl.Port}", StringComparison.Ordinal)));
        Assert.NotEqual(0, await BashAsync(script.Replace("/5080", $"/{ClosedPort()}", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheCollectorStartsWithoutTheDemoOnlySimulatorWithComposeV1AndV2()
    {
        // A depends_on on a service whose profile is off stops `up` for a real PBX (v1: "pulled in as a dependency …
        // not enabled by the active profiles"; v2: "depends on undefined service"), and v2.20's `required: false`
        // is a key v1 rejects. So no service outside the demo profile depends on one inside it.
        var demoOnly = Services.Where(kv => Map(kv.Value).ContainsKey("profiles")).Select(kv => (string)kv.Key).ToHashSet();
        foreach (var (name, service) in Services.Select(kv => ((string)kv.Key, Map(kv.Value))).Where(s => !demoOnly.Contains(s.Item1)))
        {
            if (!service.TryGetValue("depends_on", out var dependsOn)) continue;
            foreach (var (dependency, condition) in Map(dependsOn).Select(kv => ((string)kv.Key, Map(kv.Value))))
            {
                Assert.DoesNotContain(dependency, demoOnly);
                Assert.Equal(["condition"], condition.Keys.Cast<string>());
            }
        }
        Assert.Equal(["influxdb"], Map(Service("collector")["depends_on"]).Keys.Cast<string>());
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("missing")]
    public void TheDemoStartsAndGrafanaGetsNonEmptyAlertDestinationsWhenSlackAndEmailAreLeftOut(string how)
    {
        var environment = ComposeFile.EnvExample();
        Assert.Equal("", environment["SLACK_WEBHOOK_URL"]);
        Assert.Equal("", environment["ALERT_EMAILS"]);
        if (how == "missing")
        {
            environment.Remove("SLACK_WEBHOOK_URL");
            environment.Remove("ALERT_EMAILS");
        }

        foreach (var (name, service) in Services.Select(kv => ((string)kv.Key, Map(kv.Value))))
            if (service.TryGetValue("environment", out var variables))
                foreach (var (key, value) in Map(variables).Select(kv => ((string)kv.Key, (string)kv.Value)))
                    ComposeFile.Interpolate(value, environment, $"{name}.{key}");   // throws where compose would refuse to start

        var grafana = Map(Service("grafana")["environment"]);
        var slack = ComposeFile.Interpolate((string)grafana["SLACK_WEBHOOK_URL"], environment, "grafana.SLACK_WEBHOOK_URL");
        var emails = ComposeFile.Interpolate((string)grafana["ALERT_EMAILS"], environment, "grafana.ALERT_EMAILS");
        Assert.True(Uri.TryCreate(slack, UriKind.Absolute, out var url) && url.IsLoopback, $"{slack} is not a loopback URL");
        Assert.EndsWith("@example.invalid", emails);
    }

    [Fact]
    public void RealSlackAndEmailValuesInTheEnvironmentFileReachGrafana()
    {
        var environment = ComposeFile.EnvExample();
        environment["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T0/B0/x";
        environment["ALERT_EMAILS"] = "a@example.com;b@example.com";
        var grafana = Map(Service("grafana")["environment"]);

        Assert.Equal("https://hooks.slack.com/services/T0/B0/x", ComposeFile.Interpolate((string)grafana["SLACK_WEBHOOK_URL"], environment, "SLACK_WEBHOOK_URL"));
        Assert.Equal("a@example.com;b@example.com", ComposeFile.Interpolate((string)grafana["ALERT_EMAILS"], environment, "ALERT_EMAILS"));
    }

    [Theory]
    [InlineData("Australia/Perth", "Australia/Perth")]
    [InlineData("", "UTC")]
    [InlineData(null, "UTC")]
    public void OneTimeZoneInTheEnvironmentFileReachesTheCollectorAndGrafanasDefault(string? timeZone, string expected)
    {
        var environment = ComposeFile.EnvExample();
        Assert.Equal("UTC", environment["TIME_ZONE"]);
        if (timeZone is null) environment.Remove("TIME_ZONE");
        else environment["TIME_ZONE"] = timeZone;

        var collector = ComposeFile.Environment("collector", environment);
        var grafana = ComposeFile.Environment("grafana", environment);

        Assert.Equal(expected, collector["Reporting__TimeZone"]);
        Assert.Equal(expected, grafana["GF_DATE_FORMATS_DEFAULT_TIMEZONE"]);
    }

    static async Task<int> BashAsync(string script)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash")
        {
            ArgumentList = { "-c", script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token), process.WaitForExitAsync(timeout.Token));
        return process.ExitCode;
    }

    static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed record DockerfileStage(string From, string Name, IReadOnlyList<string> Lines);

    /// <summary>The Dockerfile's stages in order, each with its trimmed instruction lines (comments dropped).</summary>
    static List<DockerfileStage> DockerfileStages()
    {
        var stages = new List<DockerfileStage>();
        foreach (var line in RepositoryFiles.ReadAllText("Dockerfile").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal))
                stages.Add(new DockerfileStage(line, line.Split(' ')[^1], new List<string>()));
            else
                ((List<string>)stages[^1].Lines).Add(line);
        }
        return stages;
    }

    static DockerfileStage Stage(string name) => DockerfileStages().Single(s => s.Name == name);

    static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    static List<string> List(object node) => ((List<object>)node).Cast<string>().ToList();

    [GeneratedRegex(@"(?i)password|secret|token|webhook|credential")]
    private static partial Regex SecretKey();

    /// <summary><c>${VAR}</c>, <c>${VAR:?…}</c>, <c>${VAR:-}</c>, or a default on this host's loopback (a stand-in, never a secret).</summary>
    [GeneratedRegex(@"^\$\{[A-Z_][A-Z0-9_]*(?::\?[^}]+|:-|:-http://127\.0\.0\.1:\d+/[^}]*)?\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$\{?([A-Z_][A-Z0-9_]*)\}?")]
    private static partial Regex ProvisioningVariable();
}
