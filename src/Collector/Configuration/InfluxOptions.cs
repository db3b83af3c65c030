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

    /// <summary>The token, described without revealing it.</summary>
    public string DescribeToken() => Secrets.Describe(Token, TokenFile);
}
