using Collector.Configuration;
using Collector.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Collector.Tests.Configuration;

public class SettingsReaderTests
{
    internal const string Secret = "s3cr3t-api-key-0123456789";

    internal static Dictionary<string, string?> OnePbx() => new()
    {
        ["Pbxs:0:Name"] = "main",
        ["Pbxs:0:BaseUrl"] = "https://pbx.example.com",
        ["Pbxs:0:ClientId"] = "collector",
        ["Pbxs:0:ClientSecret"] = Secret,
    };

    internal static CollectorSettings Read(IDictionary<string, string?> values)
        => CollectorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void EverySettingHasItsDocumentedDefaultWhenNothingIsConfigured()
    {
        var settings = Read(new Dictionary<string, string?>());

        Assert.Empty(settings.Pbxs);
        Assert.Equal(new Uri("http://127.0.0.1:8086/"), settings.Influx.Url);
        Assert.Equal("threecx", settings.Influx.Database);
        Assert.Equal(InfluxApiVersion.V1, settings.Influx.ApiVersion);
        Assert.Equal(StateProvider.Sqlite, settings.State.Provider);
        Assert.Equal(Collector.State.StateLocation.DefaultSqliteConnectionString(), settings.State.ConnectionString);
        Assert.Equal(20, settings.Sla.ThresholdSeconds);
        Assert.Equal(5, settings.Sla.ShortAbandonSeconds);
        Assert.Equal(SlaFormula.AbandonsNegative, settings.Sla.Formula);
        Assert.Empty(settings.Sla.Queues);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Schedules.LiveSnapshotInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Schedules.CallLogSyncInterval);
    }

    [Fact]
    public void TheWriterAndOutboxTuningKeysReachTheWriterAndTheOutbox()
    {
        var values = OnePbx();
        values["Influx:BatchSize"] = "1000";
        values["Influx:FlushInterval"] = "00:00:02";
        values["Influx:MaxRetries"] = "7";
        values["Influx:Gzip"] = "false";
        values["State:OutboxMaxRows"] = "5000";

        var settings = Read(values);
        var writer = settings.Influx;   // the writer's own options: one class per concern

        Assert.Equal((1000, TimeSpan.FromSeconds(2), 7, false), (writer.BatchSize, writer.FlushInterval, writer.MaxRetries, writer.Gzip));
        Assert.Equal(5000, settings.State.OutboxMaxRows);
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
            ["Sla__ThresholdSeconds"] = "30", ["Sla__Formula"] = "answeredonly", ["Sla__Queues__800__ThresholdSeconds"] = "45",
            ["Schedules__LiveSnapshotInterval"] = "00:00:02", ["State__Provider"] = "Postgres",
            ["State__ConnectionString"] = "Host=db;Database=collector;Username=c;Password=p",
        };
        try
        {
            foreach (var (key, value) in variables) Environment.SetEnvironmentVariable(prefix + key, value);
            var settings = CollectorOptions.Load(new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build());

            Assert.Equal(["north", "south"], settings.Pbxs.Select(p => p.Name));
            Assert.Equal(5001, settings.Pbxs[0].BaseUrl!.Port);
            Assert.False(settings.Pbxs[1].Enabled);
            Assert.Equal(["north"], settings.EnabledPbxs.Select(p => p.Name));
            Assert.Equal(InfluxApiVersion.V2, settings.Influx.ApiVersion);
            Assert.Equal(("acme", "calls"), (settings.Influx.Org, settings.Influx.Bucket));
            Assert.Equal(30, settings.Sla.ThresholdSeconds);
            Assert.Equal(SlaFormula.AnsweredOnly, settings.Sla.Formula);
            Assert.Equal(45, Assert.Single(settings.Sla.Queues, q => q.Key == "800").Value.ThresholdSeconds);
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


    [Fact]
    public void AnEmptyValueCountsAsNotSetAsAnEmptyComposeVariableDoes()
    {
        var values = OnePbx();
        values["Grafana:ApiToken"] = "";
        values["Sla:ThresholdSeconds"] = "  ";
        values["Influx:Database"] = " metrics ";

        var settings = Read(values);

        Assert.False(settings.Grafana.HasCredentials);
        Assert.Equal(20, settings.Sla.ThresholdSeconds);
        Assert.Equal("metrics", settings.Influx.Database);
    }

    [Fact]
    public void TheSettingsAndTheOptionsOfEachSectionAreTheSameBoundInstances()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(OnePbx()).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration).AddCollectorOptions().BuildServiceProvider();

        var settings = services.GetRequiredService<CollectorSettings>();

        Assert.Same(settings.Influx, services
            .GetRequiredService<IOptions<InfluxOptions>>().Value);
        Assert.Equal(new Uri("https://pbx.example.com/"), settings.Pbxs[0].BaseUrl);
    }
}
