using System.Text.RegularExpressions;
using Collector.Tests.Grafana.Alerting;
using YamlDotNet.Serialization;

namespace Collector.Tests.Demo;

/// <summary>docker-compose.yml and .env.example, read the way Docker Compose reads them.</summary>
public static partial class ComposeFile
{
    /// <summary>The parsed docker-compose.yml.</summary>
    public static Dictionary<object, object> Document() => (Dictionary<object, object>)new DeserializerBuilder().Build()
        .Deserialize<object>(RepositoryFiles.ReadAllText("docker-compose.yml"))!;

    /// <summary>One service's definition.</summary>
    public static Dictionary<object, object> Service(string name) =>
        (Dictionary<object, object>)((Dictionary<object, object>)Document()["services"])[name];

    /// <summary>.env.example's variables (<c>NAME=value</c> lines; comments and blank lines skipped).</summary>
    public static Dictionary<string, string> EnvExample() => RepositoryFiles.ReadAllText(".env.example").Split('\n')
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    /// <summary>A service's <c>environment</c> as compose passes it to the container, with <paramref name="environment"/> as .env.</summary>
    public static Dictionary<string, string> Environment(string service, IReadOnlyDictionary<string, string> environment) =>
        ((Dictionary<object, object>)Service(service)["environment"])
            .ToDictionary(kv => (string)kv.Key, kv => Interpolate((string)kv.Value, environment, $"{service}.{kv.Key}"));

    /// <summary>A service's bind mounts of repository paths (<c>./x:/y[:ro]</c>) as absolute host paths.</summary>
    public static IReadOnlyList<(string HostPath, string ContainerPath, bool ReadOnly)> BindMounts(string service) =>
        ((List<object>)Service(service)["volumes"]).Cast<string>().Where(v => v.StartsWith("./", StringComparison.Ordinal))
            .Select(v => v.Split(':'))
            .Select(p => (RepositoryFiles.PathOf(p[0][2..]), p[1], p.Length > 2 && p[2] == "ro"))
            .ToList();

    /// <summary>
    /// Compose's interpolation of one value: <c>${VAR}</c>, <c>${VAR:-default}</c>/<c>${VAR-default}</c> (with the
    /// colon an empty value counts as missing), <c>${VAR:?error}</c>/<c>${VAR?error}</c> (compose refuses to start:
    /// thrown here), <c>$$</c> for a literal <c>$</c>.
    /// </summary>
    public static string Interpolate(string value, IReadOnlyDictionary<string, string> environment, string where) =>
        Interpolation().Replace(value, m =>
        {
            if (m.Value == "$$") return "$";
            var set = environment.TryGetValue(m.Groups["name"].Value, out var current);
            var missing = m.Groups["colon"].Success ? !set || current!.Length == 0 : !set;
            return m.Groups["op"].Value switch
            {
                "-" => missing ? m.Groups["arg"].Value : current!,
                "?" => missing ? throw new InvalidOperationException($"{where}: compose refuses to start: {m.Groups["arg"].Value}") : current!,
                _ => current ?? "",
            };
        });

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<colon>:)?(?<op>[-?])(?<arg>[^}]*))?\}")]
    private static partial Regex Interpolation();
}
