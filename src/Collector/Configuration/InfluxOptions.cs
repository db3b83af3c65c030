using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>Which InfluxDB HTTP API the collector speaks.</summary>
public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>/write?db=…</c> and InfluxQL <c>/query</c> (the default).</summary>
    V1,
    /// <summary>InfluxDB 2.x: <c>/api/v2/write?org=…&amp;bucket=…</c> with a token.</summary>
    V2,
    /// <summary>InfluxDB 3: <c>/api/v3/write_lp?db=…</c>.</summary>
    V3,
}

/// <summary>
/// Where the metrics go and how they are written (configuration keys <c>Influx:…</c>): the connection, and the
/// writer's batching, timeouts and back-off. The one options class of InfluxDB, used by the writer and by <c>check</c>.
/// </summary>
internal sealed class InfluxOptions : IValidatableObject
{
    /// <summary>InfluxDB's HTTP address. Default <c>http://127.0.0.1:8086</c>. A path prefix (reverse proxy) is kept.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:8086/");

    /// <summary>Database for the v1 and v3 APIs. Default <c>threecx</c>; created on first write when missing (v1).</summary>
    public string Database { get; set; } = "threecx";

    /// <summary><c>v1</c> (default), <c>v2</c> or <c>v3</c>.</summary>
    public InfluxApiVersion ApiVersion { get; set; } = InfluxApiVersion.V1;

    /// <summary>Organisation (v2 only; required there).</summary>
    public string? Org { get; set; }

    /// <summary>Bucket (v2 only; required there).</summary>
    public string? Bucket { get; set; }

    /// <summary>API token: required for v2, optional for v3 (sent as Bearer) and v1 (sent as <c>Token …</c>). Or <see cref="TokenFile"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token; read once at start and trimmed.</summary>
    public string? TokenFile { get; set; }

    /// <summary>User name for v1 authentication (HTTP basic authentication, never in the URL; needs <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    /// <summary>Password for v1 authentication (needs <see cref="Username"/>).</summary>
    public string? Password { get; set; }

    /// <summary>v1: create the database when InfluxDB answers "database not found". Default true.</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>Most points in one write request. Default 5000 (InfluxDB's advice: 5 000–10 000).</summary>
    [Range(1, 100_000), Unit("points")]
    public int BatchSize { get; set; } = 5000;

    /// <summary>
    /// The least time between two flushes of the outbox while InfluxDB takes writes (after a failed flush: the back-off).
    /// A flush follows as soon as this instance buffers something; otherwise every <see cref="OutboxPollInterval"/>. Default 00:00:01.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often an idle outbox is looked at when this instance buffered nothing (for rows other instances on a shared state
    /// database left, or a start after a crash). Default 00:00:30.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one write request may take before it counts as failed. Default 00:00:10.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First back-off delay after a failed write (doubles each time, with jitter). Default 00:00:01.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay, Retry-After included. Default 00:01:00.</summary>
    [Range(typeof(TimeSpan), "00:00:00.01", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries of one call-log window's write before it fails (the window is read again on the next run). Default 5.</summary>
    [Range(0, 100), Unit("retries")]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Compress request bodies (<c>Content-Encoding: gzip</c>). Default true.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>The token, described without revealing it.</summary>
    public string DescribeToken() => Secrets.Describe(Token, TokenFile);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxRetryDelay < RetryDelay)
            yield return new($"{MaxRetryDelay:c} is shorter than Influx:RetryDelay ({RetryDelay:c}); make it at least as long.", [nameof(MaxRetryDelay)]);
        if ((Username is null) != (Password is null))
            yield return new("is not set; InfluxDB v1 authentication needs both Influx:Username and Influx:Password.", [Username is null ? nameof(Username) : nameof(Password)]);
        if (ApiVersion is InfluxApiVersion.V1 or InfluxApiVersion.V3 && string.IsNullOrWhiteSpace(Database))
            yield return new($"is not set; it is required when Influx:ApiVersion is {ApiVersion.ToString().ToLowerInvariant()}.", [nameof(Database)]);
        if (ApiVersion == InfluxApiVersion.V2)
        {
            foreach (var (key, value) in new[] { (nameof(Org), Org), (nameof(Bucket), Bucket), (nameof(Token), Token) })
                if (value is null)
                    yield return new("is not set; it is required when Influx:ApiVersion is v2.", [key]);
        }
    }
}
