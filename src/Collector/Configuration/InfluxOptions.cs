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

/// <summary>Where the metrics go (configuration keys <c>Influx:…</c>).</summary>
public sealed class InfluxOptions
{
    /// <summary>InfluxDB's HTTP address. Default <c>http://127.0.0.1:8086</c>.</summary>
    public Uri Url { get; set; } = new("http://127.0.0.1:8086");

    /// <summary>Database for the v1 and v3 APIs. Default <c>threecx</c>; created by <c>check</c> when missing (v1).</summary>
    public string Database { get; set; } = "threecx";

    /// <summary><c>v1</c> (default), <c>v2</c> or <c>v3</c>.</summary>
    public InfluxApiVersion ApiVersion { get; set; } = InfluxApiVersion.V1;

    /// <summary>Organisation (v2 only; required there).</summary>
    public string? Org { get; set; }

    /// <summary>Bucket (v2 only; required there).</summary>
    public string? Bucket { get; set; }

    /// <summary>API token (required for v2, optional for v3). Set this or <see cref="TokenFile"/>.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the token; read once at start and trimmed.</summary>
    public string? TokenFile { get; set; }

    /// <summary>User name for v1 authentication (optional; needs <see cref="Password"/>).</summary>
    public string? Username { get; set; }

    /// <summary>Password for v1 authentication (optional; needs <see cref="Username"/>).</summary>
    public string? Password { get; set; }

    /// <summary>Create the database on first write when it is missing (v1). Default true.</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>Most points in one write request. Default 5000 (InfluxDB's advice: 5 000–10 000).</summary>
    public int BatchSize { get; set; } = 5000;

    /// <summary>How often buffered points (live snapshots, job records) are flushed. Default 00:00:01.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one write request. Default 00:00:10.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>First back-off delay after a failed write (doubles each time, with jitter). Default 00:00:01.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off delay, Retry-After included. Default 00:01:00.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Retries of one write before it fails (the points stay buffered). Default 5.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Compress request bodies with gzip. Default true.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>The token, described without revealing it.</summary>
    public string DescribeToken() => Secrets.Describe(Token, TokenFile);
}
