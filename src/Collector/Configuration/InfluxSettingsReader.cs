using Microsoft.Extensions.Configuration;

namespace Collector.Configuration;

/// <summary>Reads and validates the <c>Influx</c> section.</summary>
internal static class InfluxSettingsReader
{
    static readonly string[] Keys =
    [
        "Url", "Database", "ApiVersion", "Org", "Bucket", "Token", "TokenFile", "Username", "Password",
        // The writer's tuning keys (Influx/Writing/InfluxWriterOptions).
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
            CreateDatabase = section.Bool("CreateDatabase", defaults.CreateDatabase),
            BatchSize = section.Int("BatchSize", defaults.BatchSize, 1, 100_000, "points"),
            FlushInterval = section.Duration("FlushInterval", defaults.FlushInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)),
            RequestTimeout = section.Duration("RequestTimeout", defaults.RequestTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)),
            RetryDelay = section.Duration("RetryDelay", defaults.RetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10)),
            MaxRetryDelay = section.Duration("MaxRetryDelay", defaults.MaxRetryDelay, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            MaxRetries = section.Int("MaxRetries", defaults.MaxRetries, 0, 100, "retries"),
            Gzip = section.Bool("Gzip", defaults.Gzip),
        };
        if (influx.MaxRetryDelay < influx.RetryDelay)
            throw new ConfigurationException(section.KeyPath("MaxRetryDelay"),
                $"{influx.MaxRetryDelay:c} is shorter than {section.KeyPath("RetryDelay")} ({influx.RetryDelay:c}); make it at least as long.");

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
