namespace Collector.Testing;

/// <summary>
/// Finds the repository (the nearest folder holding <c>Collector.sln</c> above the running program, i.e. the test or
/// benchmark output folder) and files in it. The one repository-root finder of the tests and the benchmarks.
/// </summary>
public static class RepositoryFiles
{
    static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Collector.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Collector.sln above {AppContext.BaseDirectory}: run the tests and benchmarks from the repository.");
    });

    /// <summary>The repository's root folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>An absolute path for a repository-relative one written with '/'.</summary>
    public static string PathOf(string relative) => Path.Combine([Root, .. relative.Split('/')]);

    public static string ReadAllText(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A path relative to the repository root, with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
