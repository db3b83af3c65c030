using System.ComponentModel.DataAnnotations;

namespace Collector.Configuration;

/// <summary>One 3CX V20 phone system to collect from (configuration keys <c>Pbxs:N:…</c>).</summary>
internal sealed class PbxOptions : IValidatableObject
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

    /// <summary>
    /// A PEM file whose certificates this PBX's TLS certificate must come from, instead of this machine's trust store:
    /// a private CA's certificate (the PBX's certificate must be issued by it), or the PBX's own self-signed certificate
    /// (exactly that one is accepted: pinned). Verification stays on, the name in <see cref="BaseUrl"/> included. Read
    /// at start; a missing or invalid file stops the program with one line. Default: none (the system trust store).
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The certificates of <see cref="CaCertificateFile"/>, read at start; null when it is not set.</summary>
    internal Security.PbxTrust? Trust { get; set; }

    /// <summary>
    /// How long one HTTP attempt to this PBX may take, instead of <c>Xapi:RequestTimeout</c> (a PBX behind a slow link
    /// may need longer; a short one cuts a hanging PBX off sooner). Default: <c>Xapi:RequestTimeout</c>.
    /// </summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Whether the worker collects from this PBX (default <c>true</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Position in the list of every PBX (<c>Pbxs</c> entries first, then those of <c>PbxListFile</c>).</summary>
    internal int Index { get; set; }

    /// <summary>
    /// Where the entry is configured, for messages that name a key: <c>Pbxs:3</c> (<c>Pbxs:3:BaseUrl</c>), or
    /// <c>PbxListFile:2</c> for the third entry of the <see cref="PbxListFile"/>.
    /// </summary>
    internal string Key
    {
        get => _key ?? $"Pbxs:{Index}";
        set => _key = value;
    }

    string? _key;

    /// <summary>The secret, described without revealing it: <c>(set, 24 chars, from /run/secrets/pbx)</c>.</summary>
    public string DescribeSecret() => Secrets.Describe(ClientSecret, ClientSecretFile);

    /// <summary>The rules of one entry; member names are relative to its <see cref="Key"/>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Name))
            yield return new("is not set; give each PBX a short name, e.g. main.", [nameof(Name)]);
        else if (Name.Length > 64 || Name.Any(char.IsControl))
            yield return new("must be at most 64 printable characters.", [nameof(Name)]);
        if (BaseUrl is not null && BaseUrl.AbsolutePath.Contains("/xapi", StringComparison.OrdinalIgnoreCase))
            yield return new($"\"{BaseUrl}\" includes the /xapi path; give the PBX's address only, e.g. {BaseUrl.Scheme}://{BaseUrl.Authority}/.", [nameof(BaseUrl)]);
        if (CaCertificateFile is not null && BaseUrl is not null && BaseUrl.Scheme != Uri.UriSchemeHttps)
            yield return new($"is set, but {Key}:BaseUrl \"{BaseUrl}\" is not https; a CA certificate is for a PBX reached over https.", [nameof(CaCertificateFile)]);
        // Checked here, not by a [Range]: the list's validator does not walk its items.
        if (RequestTimeout is { } timeout && (timeout < TimeSpan.FromMilliseconds(10) || timeout > TimeSpan.FromHours(1)))
            yield return new($"{timeout:c} is out of range; use 00:00:00.0100000 to 01:00:00.", [nameof(RequestTimeout)]);
        if (!Enabled)
            yield break;   // a switched-off PBX may be half configured
        if (BaseUrl is null)
            yield return new("is not set; give the PBX's address, e.g. https://pbx.example.com/.", [nameof(BaseUrl)]);
        if (string.IsNullOrWhiteSpace(ClientId))
            yield return new("is not set; use the Client ID shown in the 3CX Admin Console → Integrations → API.", [nameof(ClientId)]);
        if (ClientSecret is null)
            yield return new($"is not set (nor {Key}:ClientSecretFile); use the API key shown when the API client was created in 3CX.", [nameof(ClientSecret)]);
    }
}

/// <summary>
/// Every configured PBX: the <c>Pbxs</c> list in the order of their positions (<c>Pbxs:0</c>, <c>Pbxs:1</c>, …), then the
/// entries of <see cref="PbxListFile"/>. Member names of its failures are whole keys (<c>Pbxs:0:Name</c>, <c>PbxListFile:2:Name</c>).
/// </summary>
internal sealed class PbxList : IValidatableObject
{
    public List<PbxOptions> Items { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var pbx in Items)
            foreach (var result in pbx.Validate(validationContext))
                yield return new(result.ErrorMessage, result.MemberNames.Select(m => $"{pbx.Key}:{m}"));
        var duplicate = Items.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            var second = duplicate.ElementAt(1);
            yield return new($"\"{second.Name}\" is already the name of {duplicate.First().Key}; every PBX needs its own name.", [$"{second.Key}:Name"]);
        }
    }
}
