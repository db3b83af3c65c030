namespace Collector.Tests.Docs;

/// <summary>The README's promises about the repository itself.</summary>
public sealed class ReadmeTests
{
    static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "README.md"));

    public static TheoryData<string> CollectorFolders()
    {
        var data = new TheoryData<string>();
        var source = Path.Combine(RepositoryFiles.Root, "src", "Collector");
        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj")).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            // A folder whose code is all in sub-folders may be described by them instead (CallLog/Sync, CallLog/Backfill, …).
            var described = Directory.EnumerateFiles(folder, "*.cs").Any() || Readme.Contains($"`src/Collector/{name}/`", StringComparison.Ordinal)
                ? [name]
                : Directory.EnumerateDirectories(folder).Select(sub => $"{name}/{Path.GetFileName(sub)}");
            foreach (var path in described)
                data.Add(path);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CollectorFolders))]
    public void TheArchitectureTableDescribesEveryFolderOfTheCollector(string folder) =>
        Assert.True(Readme.Contains($"`src/Collector/{folder}/`", StringComparison.Ordinal)
                    || Readme.Contains($"`{folder}/`", StringComparison.Ordinal),
            $"README's architecture table has no row for src/Collector/{folder}/");

    [Fact]
    public void TheArchitectureTableNamesNoFolderThatIsGone()
    {
        foreach (System.Text.RegularExpressions.Match row in System.Text.RegularExpressions.Regex.Matches(Readme, @"^\| `(src/[^`]+/|bench/[^`]+/|grafana/[^`{]+/)`", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            var path = row.Groups[1].Value;
            Assert.True(Directory.Exists(Path.Combine(RepositoryFiles.Root, path)), $"README names {path}, which does not exist");
        }
    }
}
