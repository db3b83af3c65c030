using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Collector.Configuration;

namespace Collector.Security;

/// <summary>
/// Whom one PBX's TLS certificate must come from when <c>Pbxs:N:CaCertificateFile</c> is set: the certificates in that
/// PEM file instead of this machine's trust store. Verification stays on and as strict as ever (chain, validity,
/// the name in BaseUrl); only the roots change:
/// <list type="bullet">
/// <item>a private CA (the file's self-signed CA certificates are the only roots; other certificates in the file help
/// build the chain): a PBX certificate it issued is accepted, any other refused;</item>
/// <item>a pinned certificate (the file holds exactly one self-signed certificate that is not a CA, as a PBX's own
/// self-signed certificate is): exactly that certificate is accepted, byte for byte, and nothing else.</item>
/// </list>
/// Used by the XAPI client's connection to the PBX and by <c>collector check</c>'s tls and clock steps alike.
/// </summary>
internal sealed class PbxTrust
{
    static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    PbxTrust(string file, X509Certificate2Collection roots, X509Certificate2Collection others, X509Certificate2? pinned)
    {
        File = file;
        Roots = roots;
        Others = others;
        Pinned = pinned;
    }

    /// <summary>The PEM file, as configured.</summary>
    public string File { get; }

    /// <summary>The trust anchors: the file's self-signed certificates.</summary>
    public X509Certificate2Collection Roots { get; }

    /// <summary>The file's other certificates (intermediates), offered to chain building but not trusted by themselves.</summary>
    public X509Certificate2Collection Others { get; }

    /// <summary>The one certificate accepted, when the file pins a self-signed PBX certificate; else null.</summary>
    public X509Certificate2? Pinned { get; }

    /// <summary>
    /// Reads <paramref name="path"/> (PEM, one or more <c>CERTIFICATE</c> blocks). A missing, unreadable or invalid file,
    /// or one without a self-signed certificate to trust, is a <see cref="ConfigurationException"/> naming <paramref name="key"/>.
    /// </summary>
    public static PbxTrust Load(string key, string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConfigurationException(key, ex switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"\"{path}\" does not exist.",
                UnauthorizedAccessException => $"\"{path}\" cannot be read (permission denied).",
                _ => $"\"{path}\" cannot be read ({ex.Message.TrimEnd('.')}).",
            });
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw new ConfigurationException(key, $"\"{path}\" is not a valid PEM certificate file ({ex.Message.TrimEnd('.')}).");
        }
        if (certificates.Count == 0)
            throw new ConfigurationException(key,
                $"\"{path}\" holds no PEM certificate (-----BEGIN CERTIFICATE-----); convert a DER file with `openssl x509 -inform der -in FILE -out FILE.pem`.");

        var roots = new X509Certificate2Collection();
        var others = new X509Certificate2Collection();
        foreach (var certificate in certificates)
            (IsSelfSigned(certificate) ? roots : others).Add(certificate);
        if (roots.Count == 0)
            throw new ConfigurationException(key,
                $"\"{path}\" holds no self-signed certificate to trust; put the root CA's certificate (or the PBX's own self-signed certificate) in it.");
        var pinned = certificates.Count == 1 && !IsAuthority(certificates[0]) ? certificates[0] : null;
        return new PbxTrust(path, roots, others, pinned);
    }

    /// <summary>A fresh chain policy for one validation: only <see cref="Roots"/> are trusted; revocation is not checked (as by default).</summary>
    public X509ChainPolicy ChainPolicy()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(Roots);
        policy.ExtraStore.AddRange(Others);
        policy.ApplicationPolicy.Add(ServerAuthentication);
        return policy;
    }

    /// <summary>
    /// Whether the handshake may go on: <paramref name="errors"/> (computed with <see cref="ChainPolicy"/>: chain,
    /// validity and name) must be none, and a pinned certificate must be the one presented.
    /// </summary>
    public bool Accepts(X509Certificate? presented, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None && (Pinned is null || IsPinned(presented));

    /// <summary>Whether <paramref name="presented"/> is the pinned certificate.</summary>
    public bool IsPinned(X509Certificate? presented) =>
        Pinned is not null && presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(Pinned.RawData);

    /// <summary>TLS options for a client of this PBX: the custom roots, and the check above as the last word.</summary>
    public SslClientAuthenticationOptions ClientOptions() => new()
    {
        CertificateChainPolicy = ChainPolicy(),
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accepts(certificate, errors),
    };

    /// <summary>In words, for the check: <c>the CA "Acme Root" in /etc/collector/pbx-ca.pem</c>.</summary>
    public string Describe() => Pinned is not null
        ? $"the certificate pinned in {File}"
        : $"the CA {string.Join(", ", Roots.Select(r => $"\"{r.GetNameInfo(X509NameType.SimpleName, false)}\""))} in {File}";

    static bool IsSelfSigned(X509Certificate2 certificate) => certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    static bool IsAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(e => e.CertificateAuthority);
}
