using Collector.Configuration;
using Collector.Tests.Support;

namespace Collector.Tests.Configuration;

/// <summary><c>PbxListFile</c>: a JSON array of PBX entries, read after <c>Pbxs</c>, each error naming its entry.</summary>
public sealed class PbxListFileTests
{
    static CollectorSettings ReadWithFile(TempDirectory directory, string json, Dictionary<string, string?>? values = null)
    {
        var path = directory.File("pbxs.json");
        File.WriteAllText(path, json);
        values ??= [];
        values["PbxListFile"] = path;
        return SettingsReaderTests.Read(values);
    }

    [Fact]
    public void TheFilesEntriesComeAfterThePbxsListWithSecretsFromFilesBesideIt()
    {
        using var directory = new TempDirectory("pbx-list");
        Directory.CreateDirectory(directory.File("secrets"));
        File.WriteAllText(directory.File("secrets/north"), "north-secret\n");
        var settings = ReadWithFile(directory, """
            [
              { "Name": "north", "BaseUrl": "https://north.example.com", "ClientId": "c1", "ClientSecretFile": "secrets/north" },
              { "Name": "south", "BaseUrl": "https://south.example.com:5001", "ClientId": "c2", "ClientSecret": "south-secret", "RequestTimeout": "00:00:05" }
            ]
            """, SettingsReaderTests.OnePbx());

        Assert.Equal(["main", "north", "south"], settings.Pbxs.Select(p => p.Name));
        Assert.Equal(["Pbxs:0", "PbxListFile:0", "PbxListFile:1"], settings.Pbxs.Select(p => p.Key));
        Assert.Equal("north-secret", settings.Pbxs[1].ClientSecret);
        Assert.Equal(new Uri("https://south.example.com:5001/"), settings.Pbxs[2].BaseUrl);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Pbxs[2].RequestTimeout);
        Assert.Equal(3, settings.Pbxs.Select(p => p.Index).Distinct().Count());
    }

    [Fact]
    public void AHundredPbxsFromTheFileAreAllRead()
    {
        using var directory = new TempDirectory("pbx-list");
        var entries = Enumerable.Range(0, 100).Select(i =>
            $$"""{ "Name": "pbx{{i:000}}", "BaseUrl": "http://127.0.0.1:{{6000 + i}}", "ClientId": "collector", "ClientSecret": "sim-secret" }""");
        var settings = ReadWithFile(directory, "[" + string.Join(",\n", entries) + "]");

        Assert.Equal(100, settings.EnabledPbxs.Count());
        Assert.Equal(new Uri("http://127.0.0.1:6099/"), settings.Pbxs[99].BaseUrl);
    }

    [Theory]
    [InlineData("""[{ "Name": "a", "BaseUrl": "https://a.example.com", "ClientId": "c", "ClientSecret": "s" }, { "Name": "b", "ClientId": "c", "ClientSecret": "s" }]""",
        "Configuration error: PbxListFile:1:BaseUrl is not set; give the PBX's address, e.g. https://pbx.example.com/.")]
    [InlineData("""[{ "Name": "a", "BaseUrll": "https://a.example.com", "ClientId": "c", "ClientSecret": "s" }]""",
        "Configuration error: PbxListFile:0:BaseUrll is not a known setting; did you mean PbxListFile:0:BaseUrl?")]
    [InlineData("""[{ "Name": "a", "BaseUrl": "https://a.example.com", "ClientId": "c", "ClientSecret": "s", "RequestTimeout": "5" }]""",
        "Configuration error: PbxListFile:0:RequestTimeout \"5\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds.")]
    [InlineData("""[{ "Name": "main", "BaseUrl": "https://a.example.com", "ClientId": "c", "ClientSecret": "s" }]""",
        "Configuration error: PbxListFile:0:Name \"main\" is already the name of Pbxs:0; every PBX needs its own name.")]
    [InlineData("""[{ "Name": "a", "BaseUrl": "https://a.example.com", "ClientId": "c", "ClientSecret": "s", "ClientSecretFile": "x" }]""",
        "Configuration error: PbxListFile:0:ClientSecretFile and PbxListFile:0:ClientSecret are both set; set only one.")]
    [InlineData("""[ "north" ]""",
        "Configuration error: PbxListFile:0 in \"FILE\" must be a JSON object of PBX keys (Name, BaseUrl, ClientId, …).")]
    [InlineData("""{ "Pbxs": [] }""",
        "Configuration error: PbxListFile \"FILE\" must hold a JSON array of PBX entries ([{\"Name\":…,\"BaseUrl\":…}, …]), not a JSON object.")]
    [InlineData("""[{ "Name": "a" "BaseUrl": "x" }]""",
        "Configuration error: PbxListFile \"FILE\" is not valid JSON (line 1, byte 16).")]
    public void AMistakeInTheFileIsOneLineNamingTheEntry(string json, string expected)
    {
        using var directory = new TempDirectory("pbx-list");
        var error = Assert.Throws<ConfigurationException>(() => ReadWithFile(directory, json, SettingsReaderTests.OnePbx()));
        Assert.Equal(expected.Replace("FILE", directory.File("pbxs.json"), StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void AMissingListFileIsNamedWithItsKey()
    {
        var values = SettingsReaderTests.OnePbx();
        values["PbxListFile"] = "/nonexistent/pbxs.json";

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal("Configuration error: PbxListFile \"/nonexistent/pbxs.json\" does not exist.", error.Message);
    }
}
