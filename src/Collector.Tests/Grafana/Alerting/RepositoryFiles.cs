namespace Collector.Tests.Grafana.Alerting;

/// <summary>Finds files of the repository (the folder holding <c>Collector.sln</c>) from the test's output folder.</summary>
public static class RepositoryFiles
{
    static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Collector.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Collector.sln above {AppContext.BaseDirectory}; the tests run from the repository.");
    });

    public static string Root => RootPath.Value;

    /// <summary>An absolute path for a repository-relative one written with '/'.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static string ReadAllText(string relative) => File.ReadAllText(PathOf(relative));
}
