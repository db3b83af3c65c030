using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the <c>Influx</c> section.</summary>
internal static class InfluxSettingsReader
{
    static readonly string[] Keys =
    [
        "Url", "Database", "ApiVersion", "Org", "Bucket", "Token", "TokenFile", "Username", "Password",
        // The writer's tuning keys (Influx/Writing/InfluxWriterOptions), validated by the writer itself.
        "CreateDatabase", "BatchSize", "FlushInterval", "RequestTimeout", "RetryDelay", "MaxRetryDelay", "MaxRetries", "Gzip",
    ];

    public static InfluxOptions Read(IConfiguration configuration)
    {
        var section = new SectionReader(configuration.GetSection("Influx"), Keys);
        section.RejectUnknownKeys();
        var defaults = new InfluxOptions();
        var influx = new InfluxOptions
        {
            Url = section.HttpUrl("Url") ?? defaults.Url,
            Database = section.String("Database") ?? defaults.Database,
            ApiVersion = section.Enum("ApiVersion", defaults.ApiVersion, "v1", "v2", "v3"),
            Org = section.String("Org"),
            Bucket = section.String("Bucket"),
            Token = section.String("Token"),
            TokenFile = section.String("TokenFile"),
            Username = section.String("Username"),
            Password = section.String("Password"),
        };

        if (influx.Token is not null && influx.TokenFile is not null)
            throw new ConfigurationException(section.KeyPath("TokenFile"), $"and {section.KeyPath("Token")} are both set; set only one.");
        if (influx.TokenFile is not null)
            influx.Token = Secrets.ReadFile(section.KeyPath("TokenFile"), influx.TokenFile);
        if ((influx.Username is null) != (influx.Password is null))
            throw new ConfigurationException(section.KeyPath(influx.Username is null ? "Username" : "Password"),
                $"is not set; InfluxDB v1 authentication needs both {section.KeyPath("Username")} and {section.KeyPath("Password")}.");

        if (influx.ApiVersion == InfluxApiVersion.V2)
        {
            foreach (var (key, value) in new[] { ("Org", influx.Org), ("Bucket", influx.Bucket), ("Token", influx.Token) })
                if (value is null)
                    throw new ConfigurationException(section.KeyPath(key), "is not set; it is required when Influx:ApiVersion is v2.");
        }
        return influx;
    }
}
