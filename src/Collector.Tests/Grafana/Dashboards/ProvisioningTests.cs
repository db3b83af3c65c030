using System.Text.RegularExpressions;
using Collector.Tests.Grafana.Support;
using YamlDotNet.RepresentationModel;

namespace Collector.Tests.Grafana.Dashboards;

public sealed class ProvisioningTests
{
    static readonly string DatasourceFile = Path.Combine(GrafanaFiles.ProvisioningDirectory, "datasources", "influxdb.yaml");
    static readonly string ProviderFile = Path.Combine(GrafanaFiles.ProvisioningDirectory, "dashboards", "dashboards.yaml");

    [Fact]
    public void EveryProvisioningFileParses()
    {
        var files = GrafanaFiles.ProvisioningYamlPaths();

        Assert.Contains(DatasourceFile, files);
        Assert.Contains(ProviderFile, files);
        foreach (var file in files)
        {
            var root = GrafanaFiles.LoadYaml(file);
            Assert.Equal("1", Scalar(root, "apiVersion"));
        }
        Assert.All(GrafanaFiles.DashboardPaths(), path => GrafanaFiles.LoadJson(path));
    }

    [Fact]
    public void TheDatasourceTakesItsAddressDatabaseAndCredentialsFromTheEnvironment()
    {
        var datasources = Sequence(GrafanaFiles.LoadYaml(DatasourceFile), "datasources");
        var influx = Assert.Single(datasources.Children.OfType<YamlMappingNode>());

        Assert.Equal(GrafanaFiles.DatasourceUid, Scalar(influx, "uid"));
        Assert.Equal("influxdb", Scalar(influx, "type"));
        Assert.Equal("proxy", Scalar(influx, "access"));
        Assert.Equal("${INFLUX_URL}", Scalar(influx, "url"));
        Assert.Equal("${INFLUX_USER}", Scalar(influx, "user"));
        var json = Mapping(influx, "jsonData");
        Assert.Equal("${INFLUX_DB}", Scalar(json, "dbName"));
        Assert.Equal("POST", Scalar(json, "httpMode"));
        Assert.Equal(DashboardQueryRunner.DatasourceMinInterval, Scalar(json, "timeInterval"));
        Assert.Equal("${INFLUX_PASSWORD}", Scalar(Mapping(influx, "secureJsonData"), "password"));
    }

    [Fact]
    public void TheDatasourceFileShowsHowToConnectInfluxDb2AndInfluxDb3()
    {
        var text = File.ReadAllText(DatasourceFile);
        var variants = CommentedVariants(text);

        Assert.Contains("InfluxDB 2.x", text, StringComparison.Ordinal);
        Assert.Contains("DBRP", text, StringComparison.Ordinal);
        Assert.Contains("InfluxDB 3.x", text, StringComparison.Ordinal);
        Assert.Equal(2, variants.Count);
        Assert.All(variants, v => Assert.Equal(GrafanaFiles.DatasourceUid, Scalar(v, "uid")));
        Assert.All(variants, v => Assert.Equal("${INFLUX_DB}", Scalar(Mapping(v, "jsonData"), "dbName")));
        var v2 = variants[0];
        Assert.Equal("Authorization", Scalar(Mapping(v2, "jsonData"), "httpHeaderName1"));
        Assert.Equal("Token ${INFLUX_TOKEN}", Scalar(Mapping(v2, "secureJsonData"), "httpHeaderValue1"));
        var v3 = variants[1];
        Assert.Equal("${INFLUX_TOKEN}", Scalar(Mapping(v3, "secureJsonData"), "password"));
        Assert.False(string.IsNullOrEmpty(Scalar(v3, "user")));
    }

    [Fact]
    public void NoDatasourceEntryPinsAVersionSoGrafanaKeepsApplyingTheFile()
    {
        // With a `version`, Grafana updates the stored datasource from the file only while the stored version is lower,
        // and every save raises it: `version: 1` freezes the datasource after its first change. jsonData.version (the
        // query language of the 2.x and 3.x entries) is a different key and stays.
        var text = File.ReadAllText(DatasourceFile);
        var active = Sequence(GrafanaFiles.LoadYaml(DatasourceFile), "datasources").Children.OfType<YamlMappingNode>();
        var entries = active.Concat(CommentedVariants(text)).ToArray();

        Assert.Equal(3, entries.Length);
        Assert.All(entries, entry => Assert.Null(Scalar(entry, "version")));
        Assert.All(entries.Skip(1), entry => Assert.Equal("InfluxQL", Scalar(Mapping(entry, "jsonData"), "version")));
    }

    /// <summary>The commented-out datasource entries (<c>  # - name: …</c> and the lines under it), each parsed as YAML.</summary>
    static IReadOnlyList<YamlMappingNode> CommentedVariants(string text)
    {
        var blocks = new List<List<string>>();
        foreach (var line in text.Split('\n'))
        {
            var match = Regex.Match(line.TrimEnd('\r'), "^  # (?<code>(?:- |  ).*)$");
            if (!match.Success) continue;
            var code = match.Groups["code"].Value;
            if (code.StartsWith("- ", StringComparison.Ordinal)) blocks.Add([]);
            if (blocks.Count > 0) blocks[^1].Add(code);
        }
        return blocks.Select(block =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(string.Join("\n", block)));
            return (YamlMappingNode)((YamlSequenceNode)stream.Documents[0].RootNode).Children.Single();
        }).ToArray();
    }

    [Fact]
    public void TheDashboardProviderLoadsTheMountedFolderIntoTheCallCentreFolder()
    {
        var provider = Assert.Single(Sequence(GrafanaFiles.LoadYaml(ProviderFile), "providers").Children.OfType<YamlMappingNode>());

        Assert.Equal("file", Scalar(provider, "type"));
        Assert.Equal("3CX Call Centre", Scalar(provider, "folder"));
        Assert.Equal("threecx-call-centre", Scalar(provider, "folderUid"));
        Assert.Equal("/var/lib/grafana/dashboards", Scalar(Mapping(provider, "options"), "path"));
    }

    [Fact]
    public void EveryDatasourceUidInTheProvisioningFilesIsTheProvisionedOne()
    {
        var dashboardUids = GrafanaFiles.Dashboards().Select(d => d.Uid).ToHashSet();
        foreach (var file in GrafanaFiles.ProvisioningYamlPaths())
            foreach (var (key, value) in Scalars(GrafanaFiles.LoadYaml(file)))
            {
                if (key is "datasourceUid" or "datasource.uid")
                    Assert.True(value is GrafanaFiles.DatasourceUid or "__expr__" or "-100", $"{GrafanaFiles.Relative(file)}: datasourceUid '{value}' is not the provisioned '{GrafanaFiles.DatasourceUid}' (or an expression)");
                if (key == "dashboardUid" || key == "dashboardUID")
                    Assert.True(dashboardUids.Contains(value), $"{GrafanaFiles.Relative(file)}: dashboardUid '{value}' is not one of the dashboards");
            }
    }

    static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    static YamlMappingNode Mapping(YamlMappingNode node, string key) =>
        node.Children[new YamlScalarNode(key)] as YamlMappingNode ?? throw new InvalidDataException($"'{key}' is not a mapping.");

    static YamlSequenceNode Sequence(YamlMappingNode node, string key) =>
        node.Children[new YamlScalarNode(key)] as YamlSequenceNode ?? throw new InvalidDataException($"'{key}' is not a list.");

    static IEnumerable<(string Key, string? Value)> Scalars(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode k && value is YamlScalarNode v) yield return (k.Value ?? "", v.Value);
                    // A datasource reference object ({ type, uid }): its uid must resolve like a datasourceUid.
                    if (key is YamlScalarNode { Value: "datasource" } && value is YamlMappingNode reference
                        && reference.Children.TryGetValue(new YamlScalarNode("uid"), out var uid) && uid is YamlScalarNode u)
                        yield return ("datasource.uid", u.Value);
                    foreach (var inner in Scalars(value)) yield return inner;
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                    foreach (var inner in Scalars(child)) yield return inner;
                break;
        }
    }
}
