using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace Collector.Tests.Grafana.Support;

/// <summary>The repository's Grafana files (dashboards, provisioning) as the tests see them.</summary>
public static class GrafanaFiles
{
    /// <summary>The datasource uid every dashboard and alert rule must use (grafana/provisioning/datasources).</summary>
    public const string DatasourceUid = "threecx-influx";

    public static string GrafanaDirectory => RepositoryFiles.PathOf("grafana");

    public static string DashboardsDirectory => Path.Combine(GrafanaDirectory, "dashboards");

    public static string ProvisioningDirectory => Path.Combine(GrafanaDirectory, "provisioning");

    /// <summary>Every dashboard JSON file, sorted by name.</summary>
    public static IReadOnlyList<string> DashboardPaths() =>
        Directory.GetFiles(DashboardsDirectory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every dashboard, parsed.</summary>
    public static IReadOnlyList<Dashboard> Dashboards() => DashboardPaths().Select(Support.Dashboard.Load).ToArray();

    /// <summary>The dashboard with this uid.</summary>
    public static Dashboard Dashboard(string uid) =>
        Dashboards().SingleOrDefault(d => d.Uid == uid) ?? throw new InvalidOperationException($"No dashboard with uid '{uid}' in {DashboardsDirectory}.");

    /// <summary>Every provisioning YAML file (datasources, dashboards, alerting), sorted by path.</summary>
    public static IReadOnlyList<string> ProvisioningYamlPaths() =>
        Directory.GetFiles(ProvisioningDirectory, "*.*", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToArray();

    /// <summary>Parses one YAML file into its root mapping (throws on a syntax error).</summary>
    public static YamlMappingNode LoadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
            stream.Load(reader);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException($"{path} is not a single YAML mapping.");
        return root;
    }

    /// <summary>Parses one JSON file (throws on a syntax error).</summary>
    public static JsonNode LoadJson(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} is empty.");

    /// <summary>A path relative to the repository root, with forward slashes, for messages.</summary>
    public static string Relative(string path) => RepositoryFiles.Relative(path);
}
