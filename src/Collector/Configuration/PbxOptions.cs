namespace Collector.Configuration;

/// <summary>One 3CX V20 phone system to collect from (configuration keys <c>Pbxs:N:…</c>).</summary>
public sealed class PbxOptions
{
    /// <summary>Short, unique name of the PBX; becomes the <c>pbx</c> tag in InfluxDB (e.g. <c>main</c>). Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>The PBX's web address, e.g. <c>https://pbx.example.com/</c> (no <c>/xapi</c> path). Required.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The API client's Client ID from the 3CX Admin Console → Integrations → API. Required.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The API key (client secret). Set this or <see cref="ClientSecretFile"/>, not both.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A file holding the client secret (Docker/Kubernetes secrets); read once at start and trimmed.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Whether the worker collects from this PBX (default <c>true</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Position in the <c>Pbxs</c> list, for messages that name the key (<c>Pbxs:0:BaseUrl</c>).</summary>
    internal int Index { get; set; }

    /// <summary>The secret, described without revealing it: <c>(set, 24 chars, from /run/secrets/pbx)</c>.</summary>
    public string DescribeSecret() => Secrets.Describe(ClientSecret, ClientSecretFile);
}
