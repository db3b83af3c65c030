using System.Text.RegularExpressions;
using Collector.Tests.Grafana.Alerting;
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
        Assert.Equal("http://simulator:5080/", EnvExample()["PBX_BASE_URL"]);
    }

    [Fact]
    public void SecretsComeFromTheEnvironmentFileOnly()
    {
        foreach (var (service, definition) in Services.Select(kv => ((string)kv.Key, Map(kv.Value))))
        {
            if (!definition.TryGetValue("environment", out var environment)) continue;
            foreach (var (key, value) in Map(environment).Select(kv => ((string)kv.Key, (string)kv.Value)))
                if (SecretKey().IsMatch(key))
                    Assert.True(EnvironmentReference().IsMatch(value), $"{service}.{key} must be ${{VAR}}, ${{VAR:?…}} or ${{VAR:-}}, not {value}");
        }
    }

    [Fact]
    public void TheEnvironmentExampleDefinesEveryVariableTheComposeFileReads()
    {
        var used = Variable().Matches(RepositoryFiles.ReadAllText("docker-compose.yml")).Select(m => m.Groups[1].Value).ToHashSet();
        var defined = EnvExample();

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
    public void TheImageIsBuiltInTwoStagesFromTheDotNet10ImagesAndRunsAsANonRootUser()
    {
        var dockerfile = RepositoryFiles.ReadAllText("Dockerfile").Split('\n').Select(l => l.Trim()).ToList();

        Assert.Equal(
            ["FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", "FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime"],
            dockerfile.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)));
        Assert.Equal("USER app", dockerfile.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        foreach (var copy in dockerfile.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal)))
            foreach (var source in copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
                Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source.TrimEnd('/'))), $"{copy}: {source} is missing");
        Assert.Contains(".env", File.ReadAllLines(RepositoryFiles.PathOf(".dockerignore")));
    }

    static Dictionary<string, string> EnvExample() => RepositoryFiles.ReadAllText(".env.example").Split('\n')
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    static Dictionary<object, object> Map(object node) => (Dictionary<object, object>)node;

    static List<string> List(object node) => ((List<object>)node).Cast<string>().ToList();

    [GeneratedRegex(@"(?i)password|secret|token|webhook|credential")]
    private static partial Regex SecretKey();

    [GeneratedRegex(@"^\$\{[A-Z_][A-Z0-9_]*(?::\?[^}]+|:-)?\}$")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"\$\{?([A-Z_][A-Z0-9_]*)\}?")]
    private static partial Regex ProvisioningVariable();
}
