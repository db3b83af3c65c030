using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Collector.Tests.Grafana.Alerting;

/// <summary>
/// The alerting provisioning files in <c>grafana/provisioning/alerting/</c>, parsed strictly: a key Grafana's file
/// format does not have (a typo) is an error, as a missing required one is in the structure tests.
/// </summary>
public static class AlertingFiles
{
    public const string Folder = "grafana/provisioning/alerting";
    public const string RulesFile = Folder + "/rules.yaml";
    public const string ContactPointsFile = Folder + "/contact-points.yaml";
    public const string PoliciesFile = Folder + "/policies.yaml";

    static readonly IDeserializer CamelCase = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
    static readonly IDeserializer Underscored = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    /// <summary>Every file Grafana would load from the folder (it reads *.yaml, *.yml and *.json).</summary>
    public static IReadOnlyList<string> All() => Directory.GetFiles(RepositoryFiles.PathOf(Folder))
        .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    public static RuleFile Rules() => CamelCase.Deserialize<RuleFile>(RepositoryFiles.ReadAllText(RulesFile));

    public static ContactPointFile ContactPoints() => CamelCase.Deserialize<ContactPointFile>(RepositoryFiles.ReadAllText(ContactPointsFile));

    public static PolicyFile Policies() => Underscored.Deserialize<PolicyFile>(RepositoryFiles.ReadAllText(PoliciesFile));

    /// <summary>Any YAML document as plain dictionaries and lists (for files of unknown shape).</summary>
    public static object? Untyped(string path) => new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
}
