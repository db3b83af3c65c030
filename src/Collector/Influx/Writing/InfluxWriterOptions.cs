using Collector.Configuration;
namespace Collector.Influx.Writing;

/// <summary>
/// Where and how points are written to InfluxDB. The connection keys have the names of the <c>Influx</c>
/// configuration section (<see cref="FromSettings"/> copies them from <see cref="InfluxOptions"/>); the
/// tuning keys have documented defaults. <see cref="Validate"/> lists every problem.
/// </summary>
public sealed class InfluxWriterOptions
{

    /// <summary>Base URL of InfluxDB. Default <c>http://127.0.0.1:8086</c>. A path prefix (reverse proxy) is kept.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:8086");

    /// <summary>Write API: <c>v1</c> (default), <c>v2</c> or <c>v3</c>.</summary>
    public InfluxApiVersion ApiVersion { get; set; } = InfluxApiVersion.V1;

    /// <summary>Database (v1, v3). Default <c>threecx</c>.</summary>
    public string? Database { get; set; } = "threecx";

    /// <summary>Organisation (v2 only).</summary>
    public string? Org { get; set; }

    /// <summary>Bucket (v2 only).</summary>
    public string? Bucket { get; set; }

    /// <summary>API token: required for v2, optional for v3 (sent as Bearer) and v1 (sent as <c>Token …</c>).</summary>
    public string? Token { get; set; }

    /// <summary>User name for v1 authentication (sent as HTTP basic authentication, never in the URL).</summary>
    public string? Username { get; set; }

    /// <summary>Password for v1 authentication.</summary>
    public string? Password { get; set; }

    /// <summary>v1 only: create the database when InfluxDB answers "database not found". Default true.</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>Most points per HTTP request. Default 5000 (InfluxDB recommends 5,000–10,000).</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often buffered points are sent (the outbox flusher's interval). Default 1 s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one HTTP request may take before it counts as failed and is retried. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First back-off after a retryable failure; doubles each retry (plus up to 20 % jitter). Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off, also the most a <c>Retry-After</c> is waited. Default 1 min.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries of one batch (after 429, 5xx, timeouts, refused connections) before it fails as unavailable. Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Compress request bodies (<c>Content-Encoding: gzip</c>). Default true.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>The writer's options for validated <c>Influx</c> settings, with the default tuning.</summary>
    public static InfluxWriterOptions FromSettings(InfluxOptions influx)
    {
        ArgumentNullException.ThrowIfNull(influx);
        return new InfluxWriterOptions
        {
            Url = influx.Url,
            ApiVersion = influx.ApiVersion,
            Database = influx.Database,
            Org = influx.Org,
            Bucket = influx.Bucket,
            Token = influx.Token,
            Username = influx.Username,
            Password = influx.Password,
            CreateDatabase = influx.CreateDatabase,
            BatchSize = influx.BatchSize,
            FlushInterval = influx.FlushInterval,
            RequestTimeout = influx.RequestTimeout,
            RetryDelay = influx.RetryDelay,
            MaxRetryDelay = influx.MaxRetryDelay,
            MaxRetries = influx.MaxRetries,
            Gzip = influx.Gzip,
        };
    }

    /// <summary>Every problem, one line each, naming the configuration key; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url is null || !Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
            errors.Add("Influx:Url must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:8086.");
        if (!Enum.IsDefined(ApiVersion))
            errors.Add("Influx:ApiVersion must be v1, v2 or v3.");

        switch (ApiVersion)
        {
            case InfluxApiVersion.V1 or InfluxApiVersion.V3 when string.IsNullOrWhiteSpace(Database):
                errors.Add($"Influx:Database is required with Influx:ApiVersion {ApiVersion.ToString().ToLowerInvariant()}.");
                break;
            case InfluxApiVersion.V2:
                if (string.IsNullOrWhiteSpace(Org)) errors.Add("Influx:Org is required with Influx:ApiVersion v2.");
                if (string.IsNullOrWhiteSpace(Bucket)) errors.Add("Influx:Bucket is required with Influx:ApiVersion v2.");
                if (string.IsNullOrWhiteSpace(Token)) errors.Add("Influx:Token is required with Influx:ApiVersion v2.");
                break;
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
            errors.Add("Influx:Username and Influx:Password must be set together.");
        if (BatchSize is < 1 or > 100_000)
            errors.Add("Influx:BatchSize must be between 1 and 100000.");
        if (MaxRetries is < 0 or > 100)
            errors.Add("Influx:MaxRetries must be between 0 and 100.");
        RequirePositive(errors, FlushInterval, "FlushInterval");
        RequirePositive(errors, RequestTimeout, "RequestTimeout");
        RequirePositive(errors, RetryDelay, "RetryDelay");
        RequirePositive(errors, MaxRetryDelay, "MaxRetryDelay");
        if (MaxRetryDelay < RetryDelay)
            errors.Add("Influx:MaxRetryDelay must not be shorter than Influx:RetryDelay.");
        return errors;
    }

    static void RequirePositive(List<string> errors, TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
            errors.Add($"Influx:{key} must be a positive time span (hh:mm:ss), got {value}.");
    }
}
