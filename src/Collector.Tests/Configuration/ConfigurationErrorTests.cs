using Collector.Configuration;
using Collector.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Collector.Tests.Configuration;

/// <summary>Every bad value stops the program with one line that names the key, and never shows a secret.</summary>
public class ConfigurationErrorTests
{
    public static TheoryData<string, string?, string> BadValues => new()
    {
        { "Pbxs:0:BaseUrl", "ftp://x", "Configuration error: Pbxs:0:BaseUrl \"ftp://x\" is not an http(s) URL." },
        { "Pbxs:0:BaseUrl", "pbx.example.com", "Configuration error: Pbxs:0:BaseUrl \"pbx.example.com\" is not an http(s) URL." },
        { "Pbxs:0:BaseUrl", "https://pbx.example.com/xapi/v1", "Configuration error: Pbxs:0:BaseUrl \"https://pbx.example.com/xapi/v1/\" includes the /xapi path; give the PBX's address only, e.g. https://pbx.example.com/." },
        { "Pbxs:0:BaseUrl", "http://pbx.example.com:5000/xapi/v1/", "Configuration error: Pbxs:0:BaseUrl \"http://pbx.example.com:5000/xapi/v1/\" includes the /xapi path; give the PBX's address only, e.g. http://pbx.example.com:5000/." },
        { "Pbxs:0:BaseUrl", "https://admin:hunter2@pbx.example.com", "Configuration error: Pbxs:0:BaseUrl must not contain a user name or password; use the separate settings for credentials." },
        { "Pbxs:0:BaseUrl", null, "Configuration error: Pbxs:0:BaseUrl is not set; give the PBX's address, e.g. https://pbx.example.com/." },
        { "Pbxs:0:Name", "", "Configuration error: Pbxs:0:Name is not set; give each PBX a short name, e.g. main." },
        { "Pbxs:0:ClientId", null, "Configuration error: Pbxs:0:ClientId is not set; use the Client ID shown in the 3CX Admin Console → Integrations → API." },
        { "Pbxs:0:ClientSecret", null, "Configuration error: Pbxs:0:ClientSecret is not set (nor Pbxs:0:ClientSecretFile); use the API key shown when the API client was created in 3CX." },
        { "Pbxs:0:ClientSecretFile", "/nonexistent/secret", "Configuration error: Pbxs:0:ClientSecretFile and Pbxs:0:ClientSecret are both set; set only one." },
        { "Pbxs:0:Enabled", "yes", "Configuration error: Pbxs:0:Enabled \"yes\" is not true or false." },
        { "Pbxs:0:ClientSecert", "x", "Configuration error: Pbxs:0:ClientSecert is not a known setting; did you mean Pbxs:0:ClientSecret?" },
        { "Pbxs:north:Name", "north", "Configuration error: Pbxs:north is not a list position; number the entries from 0 (Pbxs:0:…, Pbxs:1:…)." },
        { "Influx:Url", "localhost:8086", "Configuration error: Influx:Url \"localhost:8086\" is not an http(s) URL." },
        { "Influx:ApiVersion", "v4", "Configuration error: Influx:ApiVersion \"v4\" is not one of v1, v2, v3." },
        { "Influx:ApiVersion", "1", "Configuration error: Influx:ApiVersion \"1\" is not one of v1, v2, v3." },
        { "Influx:ApiVersion", "v2", "Configuration error: Influx:Org is not set; it is required when Influx:ApiVersion is v2." },
        { "Influx:Username", "admin", "Configuration error: Influx:Password is not set; InfluxDB v1 authentication needs both Influx:Username and Influx:Password." },
        { "Influx:Databse", "x", "Configuration error: Influx:Databse is not a known setting; did you mean Influx:Database?" },
        { "Influx:BatchSize", "0", "Configuration error: Influx:BatchSize 0 is out of range; use 1 to 100000 points." },
        { "Influx:FlushInterval", "1", "Configuration error: Influx:FlushInterval \"1\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds." },
        { "Influx:MaxRetryDelay", "00:00:00.5", "Configuration error: Influx:MaxRetryDelay 00:00:00.5000000 is shorter than Influx:RetryDelay (00:00:01); make it at least as long." },
        { "Influx:Gzip", "maybe", "Configuration error: Influx:Gzip \"maybe\" is not true or false." },
        { "State:OutboxMaxRows", "10", "Configuration error: State:OutboxMaxRows 10 is out of range; use 100 to 100000000 rows." },
        { "State:Provider", "mysql", "Configuration error: State:Provider \"mysql\" is not one of sqlite, postgres." },
        { "State:Provider", "postgres", "Configuration error: State:ConnectionString is not set; it is required when State:Provider is postgres (e.g. Host=db;Database=collector;Username=collector;Password=…)." },
        { "Sla:ThresholdSeconds", "abc", "Configuration error: Sla:ThresholdSeconds \"abc\" is not a whole number of seconds." },
        { "Sla:ThresholdSeconds", "0", "Configuration error: Sla:ThresholdSeconds 0 is out of range; use 1 to 3600 seconds." },
        { "Sla:ShortAbandonSeconds", "-1", "Configuration error: Sla:ShortAbandonSeconds -1 is out of range; use 0 to 600 seconds." },
        { "Sla:Queues:800:ThresholdSeconds", "0", "Configuration error: Sla:Queues:800:ThresholdSeconds 0 is out of range; use 1 to 3600 seconds." },
        { "Sla:Queues:800:ThresholdSeconds", "5000", "Configuration error: Sla:Queues:800:ThresholdSeconds 5000 is out of range; use 1 to 3600 seconds." },
        { "Sla:Queues:800:ThresholdSeconds", "abc", "Configuration error: Sla:Queues:800:ThresholdSeconds \"abc\" is not a whole number of seconds." },
        { "Sla:Queues:800:ThresholdSecs", "30", "Configuration error: Sla:Queues:800:ThresholdSecs is not a known setting; did you mean Sla:Queues:800:ThresholdSeconds?" },
        { "Sla:Queues:800", "30", "Configuration error: Sla:Queues:800 must be a section (Sla:Queues:800:Key=value), not a single value." },
        { "Sla:Queues:Sales:ThresholdSeconds", "30", "Configuration error: Sla:Queues:Sales is not a queue number; key each queue by its DN, e.g. Sla:Queues:800:ThresholdSeconds." },
        { "Sla:Formula", "Strict", "Configuration error: Sla:Formula \"Strict\" is not one of AnsweredOnly, AbandonsPositive, AbandonsNegative, AbandonsWithinTIgnored." },
        { "Schedules:LiveSnapshotInterval", "5", "Configuration error: Schedules:LiveSnapshotInterval \"5\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds." },
        { "Schedules:LiveSnapshotInterval", "00:00:00.500", "Configuration error: Schedules:LiveSnapshotInterval 00:00:00.5000000 is out of range; use 00:00:01 to 01:00:00." },
        { "Schedules:CallLogSyncInterval", "every minute", "Configuration error: Schedules:CallLogSyncInterval \"every minute\" is not a duration; write hh:mm:ss, e.g. 00:01:00." },
        { "InfluxDB:Url", "http://db:8086", "Configuration error: InfluxDB:Url is not a known setting; did you mean Influx:Url? (section InfluxDB is not read; the collector's sections are Pbxs, Influx, State, Live, Sla, Schedules, CallLog, Reconcile, Reporting, Grafana, Xapi, Serilog, Logging.)" },
        { "Pbx:1:Name", "north", "Configuration error: Pbx:1:Name is not a known setting; did you mean Pbxs:1:Name? (section Pbx is not read; the collector's sections are Pbxs, Influx, State, Live, Sla, Schedules, CallLog, Reconcile, Reporting, Grafana, Xapi, Serilog, Logging.)" },
        { "Schedule:CallLogSyncInterval", "00:05:00", "Configuration error: Schedule:CallLogSyncInterval is not a known setting; did you mean Schedules:CallLogSyncInterval? (section Schedule is not read; the collector's sections are Pbxs, Influx, State, Live, Sla, Schedules, CallLog, Reconcile, Reporting, Grafana, Xapi, Serilog, Logging.)" },
        { "Schedules:Live", "00:00:05", "Configuration error: Schedules:Live is not a known setting; known settings here: LiveSnapshotInterval, CallLogSyncInterval." },
        { "Reconcile:RunAt", "24:00:00", "Configuration error: Reconcile:RunAt 24.00:00:00 is out of range; use 00:00:00 to 23:59:59." },
        { "Reconcile:RunAt", "three", "Configuration error: Reconcile:RunAt \"three\" is not a duration; write hh:mm:ss, e.g. 00:01:00." },
        { "Reconcile:DaysBack", "0", "Configuration error: Reconcile:DaysBack 0 is out of range; use 1 to 90 days." },
        { "Reconcile:SettleDelay", "3600", "Configuration error: Reconcile:SettleDelay \"3600\" is a bare number; write a duration as hh:mm:ss, e.g. 00:00:05 for 5 seconds." },
        { "Reporting:TimeZone", "Mars/Olympus", "Configuration error: Reporting:TimeZone \"Mars/Olympus\" is not a known IANA time zone; write one like Europe/Berlin, Australia/Perth or UTC." },
        { "Reporting:TimeZone", "Europe/Berlinn", "Configuration error: Reporting:TimeZone \"Europe/Berlinn\" is not a known IANA time zone; write one like Europe/Berlin, Australia/Perth or UTC." },
        { "Reporting:TimeZone", "+02:00", "Configuration error: Reporting:TimeZone \"+02:00\" is not a known IANA time zone; write one like Europe/Berlin, Australia/Perth or UTC." },
        { "Reporting:TimeZon", "UTC", "Configuration error: Reporting:TimeZon is not a known setting; did you mean Reporting:TimeZone?" },
        { "Reconcile:Enabeld", "false", "Configuration error: Reconcile:Enabeld is not a known setting; did you mean Reconcile:Enabled?" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ABadValueStopsWithOneLineThatNamesTheKeyAndNeverShowsTheSecret(string key, string? value, string expected)
    {
        var values = SettingsReaderTests.OnePbx();
        values[key] = value;

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(SettingsReaderTests.Secret, error.Message);
    }

    [Fact]
    public void TwoPbxsWithTheSameNameInAnyCaseAreRejected()
    {
        var values = SettingsReaderTests.OnePbx();
        foreach (var (key, value) in SettingsReaderTests.OnePbx()) values[key.Replace("Pbxs:0", "Pbxs:1")] = value;
        values["Pbxs:1:Name"] = "MAIN";

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal("Configuration error: Pbxs:1:Name \"MAIN\" is already the name of Pbxs:0; every PBX needs its own name.", error.Message);
    }

    [Fact]
    public void AMissingSecretFileIsNamedWithItsKey()
    {
        var values = SettingsReaderTests.OnePbx();
        values.Remove("Pbxs:0:ClientSecret");
        values["Pbxs:0:ClientSecretFile"] = "/nonexistent/pbx-secret";

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal("Configuration error: Pbxs:0:ClientSecretFile \"/nonexistent/pbx-secret\" does not exist.", error.Message);
    }

    [Fact]
    public void AnEmptySecretFileIsRejected()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), " \n");
        var values = SettingsReaderTests.OnePbx();
        values.Remove("Pbxs:0:ClientSecret");
        values["Pbxs:0:ClientSecretFile"] = dir.File("secret");

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal($"Configuration error: Pbxs:0:ClientSecretFile \"{dir.File("secret")}\" is empty.", error.Message);
    }

    [Fact]
    public void AMissingCaCertificateFileIsNamedWithItsKey()
    {
        var values = SettingsReaderTests.OnePbx();
        values["Pbxs:0:CaCertificateFile"] = "/nonexistent/pbx-ca.pem";

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.Equal("Configuration error: Pbxs:0:CaCertificateFile \"/nonexistent/pbx-ca.pem\" does not exist.", error.Message);
    }

    [Fact]
    public void ACaCertificateFileThatHoldsNoCertificateIsRejectedWithItsKey()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ca.pem"), "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n");
        var values = SettingsReaderTests.OnePbx();
        values["Pbxs:0:CaCertificateFile"] = dir.File("ca.pem");

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.StartsWith($"Configuration error: Pbxs:0:CaCertificateFile \"{dir.File("ca.pem")}\" holds no PEM certificate", error.Message);
    }

    [Fact]
    public void ACaCertificateFileWithABrokenCertificateIsRejectedWithItsKey()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("ca.pem"), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        var values = SettingsReaderTests.OnePbx();
        values["Pbxs:0:CaCertificateFile"] = dir.File("ca.pem");

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.StartsWith($"Configuration error: Pbxs:0:CaCertificateFile \"{dir.File("ca.pem")}\" is not a valid PEM certificate file", error.Message);
    }

    [Fact]
    public void ACaCertificateFileIsReadAtStartAndOnlyForItsOwnPbx()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificates.SelfSigned("pbx.example.com");
        var values = SettingsReaderTests.OnePbx();
        values["Pbxs:0:CaCertificateFile"] = TestCertificates.WritePem(dir.File("pbx.pem"), certificate);
        values["Pbxs:1:Name"] = "branch";
        values["Pbxs:1:BaseUrl"] = "https://branch.example.com";
        values["Pbxs:1:ClientId"] = "collector";
        values["Pbxs:1:ClientSecret"] = "branch-secret-1234";

        var pbxs = SettingsReaderTests.Read(values).Pbxs;

        Assert.Equal(certificate.RawData, pbxs[0].Trust!.Pinned!.RawData);
        Assert.Null(pbxs[1].Trust);
    }

    [Fact]
    public void ACaCertificateFileForAPlainHttpPbxIsRejected()
    {
        using var dir = new TempDirectory();
        using var certificate = TestCertificates.SelfSigned("pbx.example.com");
        var values = SettingsReaderTests.OnePbx();
        values["Pbxs:0:BaseUrl"] = "http://pbx.example.com:5000";
        values["Pbxs:0:CaCertificateFile"] = TestCertificates.WritePem(dir.File("pbx.pem"), certificate);

        var error = Assert.Throws<ConfigurationException>(() => SettingsReaderTests.Read(values));

        Assert.StartsWith("Configuration error: Pbxs:0:CaCertificateFile is set, but Pbxs:0:BaseUrl \"http://pbx.example.com:5000/\" is not https", error.Message);
    }

    [Fact]
    public void ABadConnectionStringIsNamedButNotRepeatedBecauseItMayHoldAPassword()
    {
        var error = Assert.Throws<ConfigurationException>(() =>
            SettingsReaderTests.Read(new Dictionary<string, string?> { ["State:ConnectionString"] = "Data Source=x.db;Pasword=hunter2" }));

        Assert.StartsWith("Configuration error: State:ConnectionString is not a valid SQLite connection string", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("PATH", "/usr/bin")]
    [InlineData("HOSTNAME", "pbx")]
    [InlineData("Sql:Host", "db")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://0.0.0.0:80")]
    public void OtherProgramsVariablesInTheEnvironmentAreNotMistakenForMisspeltSections(string key, string value)
    {
        var values = SettingsReaderTests.OnePbx();
        values[key] = value;

        var settings = SettingsReaderTests.Read(values);

        Assert.Equal("main", settings.Pbxs[0].Name);
    }

    [Theory]
    [InlineData("Sla:Queues:800:ThresholdSeconds", "0", "Configuration error: Sla:Queues:800:ThresholdSeconds 0 is out of range; use 1 to 3600 seconds.")]
    [InlineData("Sla:Queues:800:ThresholdSeconds", "5000", "Configuration error: Sla:Queues:800:ThresholdSeconds 5000 is out of range; use 1 to 3600 seconds.")]
    [InlineData("Sla:Queues:Sales:ThresholdSeconds", "30", "Configuration error: Sla:Queues:Sales is not a queue number; key each queue by its DN, e.g. Sla:Queues:800:ThresholdSeconds.")]
    public void AQueuesBadThresholdIsTheSameOneLineWhenOnlyTheValidatorsSeeIt(string key, string value, string expected)
    {
        // The worker's host validates the bound options on start without the precheck; the validators name the key alike.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCollectorOptions().BuildServiceProvider();

        var error = Assert.Throws<ConfigurationException>(() => CollectorOptions.Validate(services));

        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData(null, "UTC")]
    [InlineData("Australia/Perth", "Australia/Perth")]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    public void TheReportingTimeZoneIsUtcUnlessAnIanaZoneIsSet(string? value, string expected)
    {
        var values = SettingsReaderTests.OnePbx();
        values["Reporting:TimeZone"] = value;

        var reporting = SettingsReaderTests.Read(values).Reporting;

        Assert.Equal(expected, reporting.TimeZone);
        Assert.Equal(expected, reporting.Zone.Id);
    }

    [Fact]
    public void AnUnknownTimeZoneIsTheSameOneLineWhenOnlyTheValidatorsSeeIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Reporting:TimeZone"] = "Perth" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCollectorOptions().BuildServiceProvider();

        var error = Assert.Throws<ConfigurationException>(() => CollectorOptions.Validate(services));

        Assert.Equal("Configuration error: Reporting:TimeZone \"Perth\" is not a known IANA time zone; write one like Europe/Berlin, Australia/Perth or UTC.", error.Message);
    }
}
