using Collector.Configuration;
using Collector.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Collector.Tests.Configuration;

public class SettingsReaderTests
{
    const string Secret = "s3cr3t-api-key-0123456789";

    static Dictionary<string, string?> OnePbx() => new()
    {
        ["Pbxs:0:Name"] = "main",
        ["Pbxs:0:BaseUrl"] = "https://pbx.example.com",
        ["Pbxs:0:ClientId"] = "collector",
        ["Pbxs:0:ClientSecret"] = Secret,
    };

    static CollectorSettings Read(IDictionary<string, string?> values)
        => SettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void EverySettingHasItsDocumentedDefaultWhenNothingIsConfigured()
    {
        var settings = Read(new Dictionary<string, string?>());

        Assert.Empty(settings.Pbxs);
        Assert.Equal(new Uri("http://127.0.0.1:8086/"), settings.Influx.Url);
        Assert.Equal("threecx", settings.Influx.Database);
        Assert.Equal(InfluxApiVersion.V1, settings.Influx.ApiVersion);
        Assert.Equal(StateProvider.Sqlite, settings.State.Provider);
        Assert.Equal("Data Source=collector-state.db", settings.State.ConnectionString);
        Assert.Equal(20, settings.Sla.ThresholdSeconds);
        Assert.Equal(5, settings.Sla.ShortAbandonSeconds);
        Assert.Equal(SlaFormula.AbandonsNegative, settings.Sla.Formula);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Schedules.LiveSnapshotInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Schedules.CallLogSyncInterval);
    }

    [Fact]
    public void APbxIsReadWithItsBaseUrlEndingInASlashAndEnabledByDefault()
    {
        var pbx = Assert.Single(Read(OnePbx()).Pbxs);

        Assert.Equal("main", pbx.Name);
        Assert.Equal(new Uri("https://pbx.example.com/"), pbx.BaseUrl);
        Assert.Equal("collector", pbx.ClientId);
        Assert.Equal(Secret, pbx.ClientSecret);
        Assert.True(pbx.Enabled);
        Assert.Equal($"(set, {Secret.Length} chars)", pbx.DescribeSecret());
    }

    [Fact]
    public void EnvironmentVariablesWithDoubleUnderscoresConfigureSeveralPbxsAndSections()
    {
        var prefix = $"CT{Guid.NewGuid():N}_";
        var variables = new Dictionary<string, string>
        {
            ["Pbxs__0__Name"] = "north", ["Pbxs__0__BaseUrl"] = "https://north.example.com:5001/",
            ["Pbxs__0__ClientId"] = "c1", ["Pbxs__0__ClientSecret"] = "one",
            ["Pbxs__1__Name"] = "south", ["Pbxs__1__BaseUrl"] = "http://10.0.0.9",
            ["Pbxs__1__ClientId"] = "c2", ["Pbxs__1__ClientSecret"] = "two", ["Pbxs__1__Enabled"] = "false",
            ["Influx__Url"] = "http://influx:8086", ["Influx__ApiVersion"] = "V2", ["Influx__Org"] = "acme",
            ["Influx__Bucket"] = "calls", ["Influx__Token"] = "tok",
            ["Sla__ThresholdSeconds"] = "30", ["Sla__Formula"] = "answeredonly",
            ["Schedules__LiveSnapshotInterval"] = "00:00:02", ["State__Provider"] = "Postgres",
            ["State__ConnectionString"] = "Host=db;Database=collector;Username=c;Password=p",
        };
        try
        {
            foreach (var (key, value) in variables) Environment.SetEnvironmentVariable(prefix + key, value);
            var settings = SettingsReader.Read(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            Assert.Equal(["north", "south"], settings.Pbxs.Select(p => p.Name));
            Assert.Equal(5001, settings.Pbxs[0].BaseUrl!.Port);
            Assert.False(settings.Pbxs[1].Enabled);
            Assert.Equal(["north"], settings.EnabledPbxs.Select(p => p.Name));
            Assert.Equal(InfluxApiVersion.V2, settings.Influx.ApiVersion);
            Assert.Equal(("acme", "calls"), (settings.Influx.Org, settings.Influx.Bucket));
            Assert.Equal(30, settings.Sla.ThresholdSeconds);
            Assert.Equal(SlaFormula.AnsweredOnly, settings.Sla.Formula);
            Assert.Equal(TimeSpan.FromSeconds(2), settings.Schedules.LiveSnapshotInterval);
            Assert.Equal(StateProvider.Postgres, settings.State.Provider);
        }
        finally
        {
            foreach (var key in variables.Keys) Environment.SetEnvironmentVariable(prefix + key, null);
        }
    }

    [Fact]
    public void TheClientSecretIsReadFromItsFileAndTrimmed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), $"  {Secret}\n\n");
        var values = OnePbx();
        values.Remove("Pbxs:0:ClientSecret");
        values["Pbxs:0:ClientSecretFile"] = dir.File("secret");

        var pbx = Assert.Single(Read(values).Pbxs);

        Assert.Equal(Secret, pbx.ClientSecret);
        Assert.Equal($"(set, {Secret.Length} chars, from {dir.File("secret")})", pbx.DescribeSecret());
    }

    [Fact]
    public void TheInfluxTokenIsReadFromItsFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("token"), "tok-123\n");

        var influx = Read(new Dictionary<string, string?> { ["Influx:TokenFile"] = dir.File("token") }).Influx;

        Assert.Equal("tok-123", influx.Token);
    }

    [Fact]
    public void ADisabledPbxMayBeHalfConfigured()
    {
        var pbx = Assert.Single(Read(new Dictionary<string, string?> { ["Pbxs:0:Name"] = "later", ["Pbxs:0:Enabled"] = "false" }).Pbxs);

        Assert.False(pbx.Enabled);
        Assert.Null(pbx.BaseUrl);
    }

    public static TheoryData<string, string?, string> BadValues => new()
    {
        { "Pbxs:0:BaseUrl", "ftp://x", "Configuration error: Pbxs:0:BaseUrl \"ftp://x\" is not an http(s) URL." },
        { "Pbxs:0:BaseUrl", "pbx.example.com", "Configuration error: Pbxs:0:BaseUrl \"pbx.example.com\" is not an http(s) URL." },
        { "Pbxs:0:BaseUrl", "https://pbx.example.com/xapi/v1", "Configuration error: Pbxs:0:BaseUrl \"https://pbx.example.com/xapi/v1/\" includes the /xapi path; give the PBX's address only, e.g. https://pbx.example.com/." },
        { "Pbxs:0:BaseUrl", "https://admin:hunter2@pbx.example.com", "Configuration error: Pbxs:0:BaseUrl must not contain a user name or password; use the separate settings for credentials." },
        { "Pbxs:0:BaseUrl", null, "Configuration error: Pbxs:0:BaseUrl is not set; give the PBX's address, e.g. https://pbx.example.com/." },
        { "Pbxs:0:Name", "", "Configuration error: Pbxs:0:Name is not set; give each PBX a short name, e.g. main." },
        { "Pbxs:0:ClientId", null, "Configuration error: Pbxs:0:ClientId is not set; use the Client ID shown in the 3CX Admin Console → Integrations → API." },
        { "Pbxs:0:ClientSecret", null, "Configuration error: Pbxs:0:ClientSecret is not set (nor Pbxs:0:ClientSecretFile); use the API key shown when the API client was created in 3CX." },
        { "Pbxs:0:ClientSecretFile", "/nonexistent/secret", "Configuration error: Pbxs:0:ClientSecretFile and Pbxs:0:ClientSecret are both set; set only one." },
        { "Pbxs:0:Enabled", "yes", "Configuration error: Pbxs:0:Enabled \"yes\" is not true or false." },
        { "Pbxs:0:ClientSecert", "x", "Configuration error: Pbxs:0:ClientSecert is not a known setting; did you mean Pbxs:0:ClientSecret?" },
        { "Pbxs:north:Name", "north", "Configuration error: Pbxs:north is not a list position; number the PBXs from 0 (Pbxs:0:Name, Pbxs:1:Name, …)." },
        { "Influx:Url", "localhost:8086", "Configuration error: Influx:Url \"localhost:8086\" is not an http(s) URL." },
        { "Influx:ApiVersion", "v4", "Configuration error: Influx:ApiVersion \"v4\" is not one of v1, v2, v3." },
        { "Influx:ApiVersion", "1", "Configuration error: Influx:ApiVersion \"1\" is not one of v1, v2, v3." },
        { "Influx:ApiVersion", "v2", "Configuration error: Influx:Org is not set; it is required when Influx:ApiVersion is v2." },
        { "Influx:Username", "admin", "Configuration error: Influx:Password is not set; InfluxDB v1 authentication needs both Influx:Username and Influx:Password." },
        { "Influx:Databse", "x", "Configuration error: Influx:Databse is not a known setting; did you mean Influx:Database?" },
        { "State:Provider", "mysql", "Configuration error: State:Provider \"mysql\" is not one of sqlite, postgres." },
        { "State:Provider", "postgres", "Configuration error: State:ConnectionString is not set; it is required when State:Provider is postgres (e.g. Host=db;Database=collector;Username=collector;Password=…)." },
        { "Sla:ThresholdSeconds", "abc", "Configuration error: Sla:ThresholdSeconds \"abc\" is not a whole number of seconds." },
        { "Sla:ThresholdSeconds", "0", "Configuration error: Sla:ThresholdSeconds 0 is out of range; use 1 to 3600 seconds." },
        { "Sla:ShortAbandonSeconds", "-1", "Configuration error: Sla:ShortAbandonSeconds -1 is out of range; use 0 to 600 seconds." },
        { "Sla:Formula", "Strict", "Configuration error: Sla:Formula \"Strict\" is not one of AnsweredOnly, AbandonsPositive, AbandonsNegative, AbandonsWithinTIgnored." },
        { "Schedules:LiveSnapshotInterval", "5", "Configuration error: Schedules:LiveSnapshotInterval \"5\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds." },
        { "Schedules:LiveSnapshotInterval", "00:00:00.500", "Configuration error: Schedules:LiveSnapshotInterval 00:00:00.5000000 is out of range; use 00:00:01 to 01:00:00." },
        { "Schedules:CallLogSyncInterval", "every minute", "Configuration error: Schedules:CallLogSyncInterval \"every minute\" is not a duration; write hh:mm:ss, e.g. 00:01:00." },
        { "Schedules:Live", "00:00:05", "Configuration error: Schedules:Live is not a known setting; known settings here: LiveSnapshotInterval, CallLogSyncInterval." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueStopsWithOneLineThatNamesTheKeyAndNeverShowsTheSecret(string key, string? value, string expected)
    {
        var values = OnePbx();
        values[key] = value;

        var error = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Secret, error.Message);
    }

    [Fact]
    public void TwoPbxsWithTheSameNameInAnyCaseAreRejected()
    {
        var values = OnePbx();
        foreach (var (key, value) in OnePbx()) values[key.Replace("Pbxs:0", "Pbxs:1")] = value;
        values["Pbxs:1:Name"] = "MAIN";

        var error = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.Equal("Configuration error: Pbxs:1:Name \"MAIN\" is already the name of Pbxs:0; every PBX needs its own name.", error.Message);
    }

    [Fact]
    public void AMissingSecretFileIsNamedWithItsKey()
    {
        var values = OnePbx();
        values.Remove("Pbxs:0:ClientSecret");
        values["Pbxs:0:ClientSecretFile"] = "/nonexistent/pbx-secret";

        var error = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.Equal("Configuration error: Pbxs:0:ClientSecretFile \"/nonexistent/pbx-secret\" does not exist.", error.Message);
    }

    [Fact]
    public void AnEmptySecretFileIsRejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), " \n");
        var values = OnePbx();
        values.Remove("Pbxs:0:ClientSecret");
        values["Pbxs:0:ClientSecretFile"] = dir.File("secret");

        var error = Assert.Throws<ConfigurationException>(() => Read(values));

        Assert.Equal($"Configuration error: Pbxs:0:ClientSecretFile \"{dir.File("secret")}\" is empty.", error.Message);
    }

    [Fact]
    public void ABadConnectionStringIsNamedButNotRepeatedBecauseItMayHoldAPassword()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            Read(new Dictionary<string, string?> { ["State:ConnectionString"] = "Data Source=x.db;Pasword=hunter2" }));

        Assert.StartsWith("Configuration error: State:ConnectionString is not a valid SQLite connection string", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }
}
